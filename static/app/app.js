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

// After a step is swapped in, start its components and move focus to it.
document.body.addEventListener("htmx:afterSwap", (event) => {
  const root = event.detail.target;
  if (!root || root.id !== "step") {
    return;
  }
  const step = document.getElementById("step");
  initAll({ scope: step });
  const summary = step.querySelector(".govuk-error-summary");
  const heading = step.querySelector(".app-step__heading");
  (summary || heading)?.focus();
  tickTimers();
});
