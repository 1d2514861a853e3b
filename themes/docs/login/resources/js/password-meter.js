// The strength meter of the pages where a password is chosen (sign-up when it asks for one, "Choose a password"
// after the verification or reset link, update password): as the reader types it shows how hard the password is
// to guess and, while it is too easy, the same hint the server would give (the password-strength policy,
// keycloak-extensions). Progressive enhancement: without it the server still refuses, with the hint on the field.
//
// The estimate is zxcvbn.js 4.4.2 (resources/vendor/zxcvbn.js, unpacked from its WebJar by the build), the algorithm
// and dictionaries that the server's zxcvbn4j ports, so both give the same score. It is about 800 KB, so it is
// loaded only on those pages, after the page itself. The words come from Keycloak's own messages of the page's
// language (its localization endpoint), the ones the server's refusals use.
(() => {
  // The realm's minimum score: password-strength(3) in realm-config/docs-realm.json.
  const MIN_SCORE = 3;
  // The kinds of weakness and their messages, in the server's order (Weakness.java): the first found wins.
  const KINDS = ["passwordStrengthPersonal", "passwordStrengthCommon", "passwordStrengthKeyboard",
    "passwordStrengthPattern", "passwordStrengthWeak"];

  /** The kind of weakness of zxcvbn's match sequence, as the server reads it. */
  function kindOf(sequence) {
    let found = KINDS.length - 1;
    for (const part of sequence) {
      let kind = 4;
      if (part.pattern === "dictionary") {
        kind = part.dictionary_name === "user_inputs" ? 0 : part.dictionary_name === "passwords" ? 1 : 4;
      } else if (part.pattern === "spatial") kind = 2;
      else if (part.pattern !== "bruteforce") kind = 3;
      found = Math.min(found, kind);
    }
    return KINDS[found];
  }

  /** The reader's words as the server's UserInputs makes them: each value, an address's local part with and without
   * separators, every word; lower case, no blanks or repeats. */
  function userInputs(values) {
    const words = [];
    const put = (w) => { if (w && !words.includes(w)) words.push(w); };
    for (const value of values) {
      const whole = (value || "").trim().toLowerCase();
      if (!whole) continue;
      put(whole);
      const at = whole.lastIndexOf("@");
      if (at > 0) {
        put(whole.slice(0, at));
        put(whole.slice(0, at).replace(/[^\p{L}\p{N}]/gu, ""));
      }
      whole.split(/[^\p{L}\p{N}]+/u).forEach(put);
    }
    return words;
  }

  function start() {
    // A password being chosen: the new-password field, or the sign-up form's password (it has a confirmation).
    const field = document.getElementById("password-new")
      || (document.getElementById("password-confirm") && document.querySelector("#kc-register-form #password"));
    const script = document.querySelector("script[src*='/js/password-meter.js']");
    if (!field || !script) return;
    const resources = script.src.replace(/js\/password-meter\.js.*$/, "");
    const realm = (location.pathname.match(/\/realms\/([^/]+)\//) || [])[1];
    const lang = document.documentElement.lang || "en";
    const words = fetch(`${resources.replace(/\/resources\/.*$/, "")}/resources/${realm}/login/${lang}?theme=docs`)
      .then((r) => (r.ok ? r.json() : Promise.reject(r.status)))
      .then((list) => Object.fromEntries(list.map((m) => [m.key, m.value])));
    const estimator = new Promise((resolve, reject) => {
      const lib = document.createElement("script");
      lib.src = `${resources}vendor/zxcvbn.js`;
      lib.async = true;
      lib.onload = () => resolve(window.zxcvbn);
      lib.onerror = reject;
      document.head.appendChild(lib);
    });
    Promise.all([words, estimator]).then(([text, zxcvbn]) => attach(field, text, zxcvbn)).catch(() => {});
  }

  function attach(field, text, zxcvbn) {
    const meter = document.createElement("div");
    meter.className = "docs-password-meter";
    meter.id = "password-meter";
    meter.hidden = true;
    const bar = document.createElement("div");
    bar.className = "docs-password-meter__bar";
    bar.setAttribute("aria-hidden", "true");
    const status = document.createElement("p");
    status.className = "docs-password-meter__text";
    status.id = "password-meter-text";
    status.setAttribute("aria-live", "polite");
    meter.append(bar, status);
    const group = field.closest(".pf-v5-c-form__group") || field.parentElement;
    group.appendChild(meter);
    const described = (field.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
    field.setAttribute("aria-describedby", [...described, status.id].join(" "));

    const inputs = () => userInputs([...document.querySelectorAll("#email, #username, #firstName, #lastName")]
      .map((el) => el.value).concat([location.pathname.split("/")[2]]));
    // Redrawn at the next frame after each keystroke, not after a pause: the meter's text changes length and moves
    // the submit button, and a redraw that came later (it was 300 ms) could move the button between the press and
    // the release of a click, which then sent nothing (a password manager fills the field, the reader clicks at once).
    let frame;
    field.addEventListener("input", () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        const password = field.value;
        if (!password) {
          meter.hidden = true;
          status.textContent = "";
          return;
        }
        const result = zxcvbn(password.slice(0, 128), inputs());
        const label = text[`passwordMeterScore${result.score}`];
        const enough = result.score >= MIN_SCORE;
        meter.hidden = false;
        meter.dataset.score = String(result.score);
        meter.dataset.enough = String(enough);
        status.textContent = `${(text.passwordMeter || "{0}").replace("{0}", label)} `
          + (enough ? text.passwordMeterEnough : text[kindOf(result.sequence)]);
      });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
