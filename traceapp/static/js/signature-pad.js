/* A signature pad: a finger (or a mouse, or a pen) draws on a canvas; "Xóa" clears it, "Hoàn tác" takes back the
   last stroke. Small and library-free: pointer events, strokes kept in CSS pixels and redrawn at the screen's
   pixel ratio (at most 2, which keeps the PNG small), so a turned phone or a resized window keeps the drawing.
   Each change writes the canvas as a PNG data URL into the hidden input named by data-target; an empty pad
   leaves it empty, and a form whose pad is data-required says so instead of posting an empty box.
   The server checks the drawing again (inspections/signatures.py): this is a convenience, not the rule. */
(function () {
  "use strict";

  var INK = "#0b2a8a";
  var WIDTH = 2.6;

  function setup(root) {
    var canvas = root.querySelector("canvas");
    var input = document.getElementById(root.getAttribute("data-target"));
    var undo = root.querySelector("[data-pad-undo]");
    var clear = root.querySelector("[data-pad-clear]");
    var context = canvas.getContext("2d");
    var strokes = [];
    var current = null;
    var ratio = 1;

    function style() {
      context.lineWidth = WIDTH;
      context.lineCap = "round";
      context.lineJoin = "round";
      context.strokeStyle = INK;
      context.fillStyle = INK;
    }

    function drawStroke(points) {
      if (points.length === 1) {
        context.beginPath();
        context.arc(points[0][0], points[0][1], WIDTH / 2, 0, 2 * Math.PI);
        context.fill();
        return;
      }
      context.beginPath();
      context.moveTo(points[0][0], points[0][1]);
      for (var i = 1; i < points.length; i += 1) { context.lineTo(points[i][0], points[i][1]); }
      context.stroke();
    }

    function sync() {
      input.value = strokes.length ? canvas.toDataURL("image/png") : "";
      if (undo) { undo.disabled = strokes.length === 0; }
      if (clear) { clear.disabled = strokes.length === 0; }
      root.classList.toggle("is-empty", strokes.length === 0);
      var message = root.querySelector("[data-pad-message]");
      if (message && strokes.length) { message.hidden = true; }
    }

    function redraw() {
      context.setTransform(1, 0, 0, 1, 0, 0);
      context.clearRect(0, 0, canvas.width, canvas.height);
      context.setTransform(ratio, 0, 0, ratio, 0, 0);
      style();
      strokes.forEach(drawStroke);
      sync();
    }

    function resize() {
      var box = canvas.getBoundingClientRect();
      ratio = Math.min(window.devicePixelRatio || 1, 2);
      canvas.width = Math.max(1, Math.round(box.width * ratio));
      canvas.height = Math.max(1, Math.round(box.height * ratio));
      redraw();
    }

    function at(event) {
      var box = canvas.getBoundingClientRect();
      return [event.clientX - box.left, event.clientY - box.top];
    }

    canvas.addEventListener("pointerdown", function (event) {
      if (event.button !== undefined && event.button > 0) { return; }
      event.preventDefault();
      if (canvas.setPointerCapture) { canvas.setPointerCapture(event.pointerId); }
      current = [at(event)];
      strokes.push(current);
      redraw();
    });
    canvas.addEventListener("pointermove", function (event) {
      if (!current) { return; }
      event.preventDefault();
      var events = event.getCoalescedEvents ? event.getCoalescedEvents() : [];
      (events.length ? events : [event]).forEach(function (one) {
        var last = current[current.length - 1];
        var next = at(one);
        current.push(next);
        context.beginPath();
        context.moveTo(last[0], last[1]);
        context.lineTo(next[0], next[1]);
        context.stroke();
      });
    });
    function end() {
      if (!current) { return; }
      current = null;
      sync();
    }
    canvas.addEventListener("pointerup", end);
    canvas.addEventListener("pointercancel", end);
    canvas.addEventListener("lostpointercapture", end);

    if (undo) { undo.addEventListener("click", function () { strokes.pop(); redraw(); }); }
    if (clear) { clear.addEventListener("click", function () { strokes = []; redraw(); }); }
    window.addEventListener("resize", resize);

    var form = root.closest("form");
    if (form && root.hasAttribute("data-required")) {
      form.addEventListener("submit", function (event) {
        if (strokes.length === 0) {
          event.preventDefault();
          var message = root.querySelector("[data-pad-message]");
          if (message) { message.hidden = false; }
        }
      });
    }
    resize();
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-signature-pad]"), setup);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
