// The sign-in and sign-up forms' proof of work (proof-of-work.ftl): ALTCHA's widget (vendor/altcha, loaded just
// before) solves the challenge when the page is shown. A form sent while it is still solving waits for the solution
// and is then sent as the reader sent it, instead of going without one.
const widget = document.getElementById("docs-proof-of-work");
const form = widget && widget.closest("form");
if (form) {
  form.addEventListener("submit", (event) => {
    if (widget.getState && widget.getState() === "verifying") {
      event.preventDefault();
      event.stopImmediatePropagation();
      widget.addEventListener("verified", () => form.requestSubmit(event.submitter || undefined), { once: true });
    }
  }, { capture: true });
}
