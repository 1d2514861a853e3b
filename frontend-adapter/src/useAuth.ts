import { useContext } from "react";
import { AuthContext, type AuthContextValue } from "./AuthContext.js";

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (value === null) throw new Error("useAuth() must be used inside <AuthProvider>");
  return value;
}

/** The `authFetch` of the provider: bearer token added, one retry after renewal on 401. */
export function useAuthFetch(): AuthContextValue["authFetch"] {
  return useAuth().authFetch;
}
