import type { ReactNode } from "react";

export default function Layout({ title, children }: { title?: string; children?: ReactNode }) {
  return (
    <div data-layout-title={title}>
      {children}
    </div>
  );
}
