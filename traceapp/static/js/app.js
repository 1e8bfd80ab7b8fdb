/* Ask before anything destructive: forms with data-question need a confirmation. Works without a framework. */
document.addEventListener("submit", function (event) {
  var question = event.target.getAttribute("data-question");
  if (question && !window.confirm(question)) { event.preventDefault(); }
});
document.addEventListener("click", function (event) {
  var back = event.target.closest("[data-back]");
  if (back && window.history.length > 1) { event.preventDefault(); window.history.back(); }
});
