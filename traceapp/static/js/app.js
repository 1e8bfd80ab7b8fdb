/* Ask before anything destructive: forms with data-question need a confirmation. Works without a framework. */
document.addEventListener("submit", function (event) {
  var question = event.target.getAttribute("data-question");
  if (question && !window.confirm(question)) { event.preventDefault(); }
});
document.addEventListener("click", function (event) {
  var back = event.target.closest("[data-back]");
  if (back && window.history.length > 1) { event.preventDefault(); window.history.back(); }
});
/* "Add my GPS position": fills hidden latitude/longitude inputs from the browser, if the user allows it.
   The browser's own error text is English and says nothing useful; the button carries the page's translated
   messages (data-denied, data-unavailable, data-timeout, data-locating), chosen by the error's code. */
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-geolocate]");
  if (!button) { return; }
  var targets = button.getAttribute("data-geolocate").split(",").map(function (s) { return document.querySelector(s); });
  var status = document.querySelector(button.getAttribute("data-status"));
  function say(name) { if (status) { status.textContent = button.getAttribute(name) || "—"; } }
  if (!navigator.geolocation) { say("data-unavailable"); return; }
  say("data-locating");
  navigator.geolocation.getCurrentPosition(function (position) {
    targets[0].value = position.coords.latitude.toFixed(6);
    targets[1].value = position.coords.longitude.toFixed(6);
    if (status) { status.textContent = targets[0].value + ", " + targets[1].value; }
  }, function (error) {
    say({ 1: "data-denied", 3: "data-timeout" }[error.code] || "data-unavailable");
  }, { enableHighAccuracy: true, timeout: 15000 });
});
/* A print button without inline script (the CSP forbids it). */
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) { window.print(); }
});
