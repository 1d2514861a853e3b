import ComponentTypes from "@theme-original/NavbarItem/ComponentTypes";
import { AuthButton } from "docs-auth-react";

// Navbar items of type "custom-docsAuth" render the sign-in button (Docusaurus's way to add an item type).
export default {
  ...ComponentTypes,
  "custom-docsAuth": AuthButton,
};
