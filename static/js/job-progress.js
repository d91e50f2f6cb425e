// Background jobs: every element with data-job-url (templates/jobs/_job_progress.html) polls
// GET /api/jobs/{id}/ until the job succeeds or fails, updating its bar, message, error and
// result link. Include this file on any page that includes the partial.
(function () {
  "use strict";
  const LABELS = { queued: "Queued", running: "Running", succeeded: "Succeeded", failed: "Failed" };

  function update(box, job) {
    const bar = box.querySelector("progress");
    box.dataset.jobState = job.state;
    const state = box.querySelector('[data-job-field="state"]');
    if (state) {
      state.textContent = LABELS[job.state] || job.state;
      state.className = "job-state job-state-" + job.state;
    }
    if (bar) {
      const total = job.progress.total || 1;
      bar.max = total;
      bar.value = job.state === "succeeded" ? total : Math.min(job.progress.done, total);
      bar.textContent = job.progress.done + " / " + job.progress.total;
      bar.removeAttribute("aria-busy");
    }
    const message = box.querySelector('[data-job-field="message"]');
    if (message) {
      message.textContent = job.state === "queued" ? "Waiting for a worker…" : job.progress.message;
    }
    const error = box.querySelector('[data-job-field="error"]');
    if (error) {
      error.textContent = job.error || "";
      error.hidden = !job.error;
    }
    const result = box.querySelector('[data-job-field="result"]');
    if (result && job.state === "succeeded" && job.result_url) {
      const link = result.querySelector("[data-job-link]");
      if (link && !link.getAttribute("href")) link.setAttribute("href", job.result_url);
      result.hidden = false;
    }
  }

  function poll(box) {
    const url = box.dataset.jobUrl;
    let delay = 500;
    function tick() {
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) throw new Error("HTTP " + response.status);
          return response.json();
        })
        .then(function (job) {
          update(box, job);
          if (job.state === "succeeded" && box.querySelector("[data-job-link]") && document.querySelector(".job-retry")) {
            document.querySelector(".job-retry").hidden = true;
          }
          if (job.state === "failed" && !document.querySelector(".job-retry")) {
            window.location.reload(); // the server renders the retry button
            return;
          }
          if (job.state === "queued" || job.state === "running") {
            delay = Math.min(delay * 1.3, 3000);
            window.setTimeout(tick, delay);
          }
        })
        .catch(function () {
          window.setTimeout(tick, 5000);
        });
    }
    tick();
  }

  document.querySelectorAll("[data-job-url]").forEach(function (box) {
    const state = box.dataset.jobState;
    if (state === "queued" || state === "running") poll(box);
  });
})();
