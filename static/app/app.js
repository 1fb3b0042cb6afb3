// Page behaviour for the duty line desk. Loaded as a module; no inline script.
import { initAll } from "/static/vendor/govuk-frontend-6.3.0/govuk-frontend.min.js";

initAll();

// Call timer: minutes and seconds since the call started.
function tickTimers() {
  for (const timer of document.querySelectorAll(".app-timer[data-started]")) {
    const started = Date.parse(timer.dataset.started);
    const seconds = Math.max(0, Math.floor((Date.now() - started) / 1000));
    const minutes = Math.floor(seconds / 60);
    timer.textContent = `${minutes}:${String(seconds % 60).padStart(2, "0")}`;
  }
}
tickTimers();
setInterval(tickTimers, 1000);

// After a step is swapped in, start its components.
document.body.addEventListener("htmx:afterSwap", (event) => {
  const root = event.detail.target;
  if (!root || root.id !== "step") {
    return;
  }
  initAll({ scope: document.getElementById("step") });
  tickTimers();
});

// Focus moves once htmx has settled. Moving it straight after the swap lost
// the focus in about one keyboard run in three, so later swap work undid it.
document.body.addEventListener("htmx:afterSettle", (event) => {
  const root = event.detail.target;
  if (!root || root.id !== "step") {
    return;
  }
  const step = document.getElementById("step");
  const summary = step.querySelector(".govuk-error-summary");
  const heading = step.querySelector(".app-step__heading");
  (summary || heading)?.focus();
});

// A step post that fails (server error, or no answer at all) swaps nothing,
// so say so above the form; the typed answers stay where they are.
function showStepFailure(event) {
  const step = document.getElementById("step");
  if (!step || !step.contains(event.detail.elt)) {
    return;
  }
  step.querySelector(".app-step-failure")?.remove();
  const summary = document.createElement("div");
  summary.className = "govuk-error-summary app-step-failure";
  summary.tabIndex = -1;
  const alert = document.createElement("div");
  alert.setAttribute("role", "alert");
  const title = document.createElement("h2");
  title.className = "govuk-error-summary__title";
  title.textContent = "There is a problem";
  const body = document.createElement("div");
  body.className = "govuk-error-summary__body";
  const message = document.createElement("p");
  message.className = "govuk-body";
  message.textContent =
    "Your answers were not saved because the service did not respond. " +
    "Check them and send again.";
  body.append(message);
  alert.append(title, body);
  summary.append(alert);
  step.prepend(summary);
  summary.focus();
}
document.body.addEventListener("htmx:responseError", showStepFailure);
document.body.addEventListener("htmx:sendError", showStepFailure);
