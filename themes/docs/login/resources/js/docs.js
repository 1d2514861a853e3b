// Loaded on every page of the docs login theme (theme.properties `scripts`). Progressive enhancement only:
// every page works without it.
(() => {
  // The label of a select's empty first choice, which keycloak.v2 renders blank. Keyed by <html lang>.
  const CHOOSE = { en: "Choose one…", fr: "Choisissez…", ar: "اختر…" };

  function describe(field, ids) {
    const present = ids.filter((id) => document.getElementById(id));
    if (!present.length) return;
    const current = (field.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
    field.setAttribute("aria-describedby", [...new Set([...current, ...present])].join(" "));
  }

  function enhance() {
    const lang = (document.documentElement.lang || "en").split("-")[0];

    // Screen readers announce a field's error and help with the field: keycloak.v2 renders them next to it
    // (input-error-<name>, form-help-text-before/after-<name>) but does not point the field at them.
    document.querySelectorAll("form [name]").forEach((field) => {
      if (!field.id || field.type === "hidden") return;
      describe(field, [`input-error-${field.id}`, `form-help-text-before-${field.id}`, `form-help-text-after-${field.id}`]);
    });
    // On the sign-in page the one credentials error sits under the username but is about the password too.
    const password = document.querySelector("#kc-form-login #password");
    if (password) describe(password, ["input-error-username"]);

    // A page that asks again for the password (deleting the account) shows the address read-only in
    // #kc-attempted-username, under keycloak.v2's label for a #username that is not on the page: label that field.
    const attempted = document.getElementById("kc-attempted-username");
    const orphanLabel = document.querySelector("label[for='username']");
    if (attempted && orphanLabel && !document.getElementById("username")) orphanLabel.htmlFor = attempted.id;

    document.querySelectorAll("select > option[value='']:first-child").forEach((option) => {
      if (!option.textContent.trim()) option.textContent = CHOOSE[lang] || CHOOSE.en;
    });

    // Some of base's templates (sign-out confirmation, sign-in) still number their tab stops; a positive
    // tabindex takes a control out of the reading order, so let the document order decide.
    document.querySelectorAll("[tabindex]").forEach((el) => {
      if (el.tabIndex > 0) el.removeAttribute("tabindex");
    });

    // After a refused submit, start where the first problem is.
    const firstInvalid = document.querySelector("form [aria-invalid='true']");
    if (firstInvalid) firstInvalid.focus();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", enhance);
  else enhance();
})();
