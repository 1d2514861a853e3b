// Gives ALTCHA's widget (vendor/altcha, loaded just before) the page's own wording: Keycloak's messages in the
// reader's language (English, French, Arabic), carried by the widget's data attributes (proof-of-work.ftl).
const widget = document.getElementById("docs-proof-of-work");
if (widget && globalThis.$altcha) {
  const text = widget.dataset;
  globalThis.$altcha.i18n.set(widget.getAttribute("language"), {
    label: text.label,
    verify: text.label,
    loading: text.verifying,
    verifying: text.verifying,
    verified: text.verified,
    error: text.error,
    expired: text.expired,
    reload: text.expired,
    verificationRequired: text.required,
    waitAlert: text.wait,
    footer: "",
    ariaLinkLabel: "",
  });
}
