// Loaded by keycloak.v2 because a user-profile attribute has the annotation `kcShowWhen` (listed in
// profile.html5DataAnnotations). `"kcShowWhen": "professionalRole=other"` shows the field only while the
// attribute professionalRole holds "other". Without JavaScript the field is always there, and the server's
// rules (the required-when validator, our user profile provider) decide either way.
function bind(field) {
  const [controlName, value] = field.dataset.kcshowwhen.split("=");
  const form = field.form;
  const group = field.closest(".pf-v5-c-form__group");
  if (!form || !group || !controlName) return;

  const update = () => {
    const control = form.elements.namedItem(controlName);
    const current = control instanceof RadioNodeList ? control.value : control?.value;
    group.hidden = current !== value;
  };
  form.addEventListener("change", (event) => {
    if (event.target.name === controlName) update();
  });
  update();
}

document.querySelectorAll("[data-kcshowwhen]").forEach(bind);
