/* Installs the field kit's service worker for a signed-in inspector or police officer (base.html loads this only
   for them), so the field home and its files are kept on the phone and Android offers to add the app to the home
   screen. Logging out tells the worker to forget the kept page (the records stay in IndexedDB). */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!("serviceWorker" in navigator) || !script) { return; }
  var worker = script.getAttribute("data-worker");
  window.addEventListener("load", function () {
    navigator.serviceWorker.register(worker, { scope: "/" }).catch(function () { /* an old browser: online only */ });
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.hasAttribute("data-logout") && navigator.serviceWorker.controller) {
      navigator.serviceWorker.controller.postMessage("logout");
    }
  });
})();
