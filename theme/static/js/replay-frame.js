// The replay frame's placeholder (plugin replay_page, templates/replay_frame.html). On a reader's
// first visit the frame is loaded from the server before ReplayWeb.page's service worker has
// started; once the worker controls this frame, load it again so that the worker answers.
// (ReplayWeb.page retries only three times, 100 ms apart: a slow start would leave the frame
// here.) Never more than a few reloads per tab.
"use strict";

(() => {
  const workers = navigator.serviceWorker;
  if (!workers) {
    return;
  }
  const key = "replay-frame-reloads";
  const reload = () => {
    const count = Number(sessionStorage.getItem(key) || "0");
    if (count >= 5) {
      return;
    }
    sessionStorage.setItem(key, String(count + 1));
    window.location.reload();
  };
  if (workers.controller) {
    reload(); // this very page came from the server: the worker was not in control yet
    return;
  }
  workers.addEventListener("controllerchange", reload, { once: true });
})();
