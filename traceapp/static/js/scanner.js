/* The phone's camera as the scanner (issue 13): a "Quét mã" button opens the rear camera inside the page and reads
   QR codes (our labels, any GS1 Digital Link) and EAN-13 / UPC-A / EAN-8 barcodes.

   Decoding: the browser's own BarcodeDetector where it reads QR and EAN-13; otherwise the vendored ZXing
   WebAssembly polyfill in a worker (/scan/decoder.js), fetched only when a scan starts, so pages stay light.

   Wiring (event delegation, so buttons added later work too; buttons are shown once this script runs):
   - <button data-scan-target="#id" data-scan-status="#id2">: puts what was read into the input and fires
     input/change; then asks /scan/resolve and, when the code is registered, writes its short code and says what
     it names in the status element. A barcode's number is sent as a 14-digit GTIN.
   - <button data-scan-action="open" data-scan-status="#id2" data-scan-fallback="#input">: opens the code's page on
     this site (/q/…, /01/…, or /lookup for a typed-style code); a link to another site is shown, never opened.
   A denied or missing camera leaves the input to type in, with the page's explanation in the status element.

   API (helper pages, the offline inspection): TraceScanner.scan() → Promise<string|null> (null: closed, or no
   camera: then TraceScanner.lastError is "denied", "no-camera", "busy", "insecure" or "unsupported" and
   TraceScanner.lastMessage the page's translated explanation). TraceScanner.decoder says which decoder read:
   "native" or "polyfill".

   Settings and texts come from this script tag's data attributes (templates/_macros/scan.html: scan_script):
   the JS has no translations of its own. The CSP forbids inline styles in markup, so the overlay is styled
   through the CSSOM. */
(function () {
  "use strict";
  if (window.TraceScanner) { return; }
  var script = document.currentScript;
  var config = script ? script.dataset : {};
  var FORMATS = ["qr_code", "ean_13", "ean_8", "upc_a"];
  var LINEAR = { ean_13: 1, ean_8: 1, upc_a: 1 };
  var FRAME_GAP_MS = 120;
  var MAX_SIDE = 1280;
  var decoderPromise = null;
  var scanning = null;

  function text(name) { return config["msg" + name] || ""; }

  function css(element, styles) { for (var key in styles) { element.style[key] = styles[key]; } return element; }

  function make(tag, styles, attributes) {
    var element = css(document.createElement(tag), styles || {});
    for (var key in attributes || {}) { element.setAttribute(key, attributes[key]); }
    return element;
  }

  /* A barcode's digits as the GTIN-14 the register stores; a QR's text as read. */
  function normalise(found) {
    var value = String(found.rawValue || "").trim();
    if (LINEAR[found.format] && /^\d{8,14}$/.test(value)) { return ("00000000000000" + value).slice(-14); }
    return value;
  }

  /* ---- decoders ---------------------------------------------------------------------------------------- */

  function nativeDecoder() {
    if (!("BarcodeDetector" in window) || !window.BarcodeDetector.getSupportedFormats) { return Promise.resolve(null); }
    return window.BarcodeDetector.getSupportedFormats().then(function (supported) {
      if (supported.indexOf("qr_code") < 0 || supported.indexOf("ean_13") < 0) { return null; }
      var detector = new window.BarcodeDetector({ formats: FORMATS.filter(function (f) { return supported.indexOf(f) >= 0; }) });
      return { kind: "native", detect: function (video) { return detector.detect(video); } };
    }).catch(function () { return null; });
  }

  function workerDecoder() {
    return new Promise(function (resolve, reject) {
      var worker = new Worker(config.decoder);
      var pending = null;
      var canvas = document.createElement("canvas");
      var context = canvas.getContext("2d", { willReadFrequently: true });
      worker.onmessage = function (event) {
        var data = event.data;
        if (data.type === "ready") {
          resolve({ kind: "polyfill", detect: detect });
        } else if (data.type === "codes" && pending) {
          pending.resolve(data.codes); pending = null;
        } else if (data.type === "failed") {
          if (pending) { pending.reject(new Error(data.message)); pending = null; } else { reject(new Error(data.message)); }
        }
      };
      worker.onerror = function (event) { reject(new Error(event.message || "decoder")); };
      worker.postMessage({ type: "init", ponyfill: config.ponyfill, wasm: config.wasm, formats: FORMATS });

      function detect(video) {
        var scale = Math.min(1, MAX_SIDE / Math.max(video.videoWidth, video.videoHeight));
        canvas.width = Math.round(video.videoWidth * scale);
        canvas.height = Math.round(video.videoHeight * scale);
        context.drawImage(video, 0, 0, canvas.width, canvas.height);
        var image = context.getImageData(0, 0, canvas.width, canvas.height);
        return new Promise(function (ok, fail) {
          pending = { resolve: ok, reject: fail };
          worker.postMessage({ type: "frame", image: image }, [image.data.buffer]);
        });
      }
    });
  }

  /* The native detector when it reads our formats, else the polyfill; made once per page, on first use. */
  function decoder() {
    if (!decoderPromise) {
      decoderPromise = nativeDecoder().then(function (native) { return native || workerDecoder(); });
      decoderPromise.catch(function () { decoderPromise = null; });
    }
    return decoderPromise;
  }

  /* ---- the camera overlay ------------------------------------------------------------------------------ */

  function cameraProblem(error) {
    var name = error && error.name;
    if (name === "NotAllowedError" || name === "SecurityError" || name === "PermissionDeniedError") { return "denied"; }
    if (name === "NotFoundError" || name === "OverconstrainedError" || name === "DevicesNotFoundError") { return "no-camera"; }
    if (name === "NotReadableError" || name === "AbortError" || name === "TrackStartError") { return "busy"; }
    return "unsupported";
  }

  var MESSAGES = { denied: "Denied", "no-camera": "Missing", busy: "Busy", insecure: "Insecure", unsupported: "Unsupported" };

  function refuse(reason) {
    api.lastError = reason;
    api.lastMessage = text(MESSAGES[reason]);
    return null;
  }

  function openCamera() {
    if (window.isSecureContext === false) { return Promise.reject({ reason: "insecure" }); }
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) { return Promise.reject({ reason: "unsupported" }); }
    return navigator.mediaDevices.getUserMedia({
      audio: false,
      video: { facingMode: { ideal: "environment" }, width: { ideal: 1280 }, height: { ideal: 720 } }
    }).catch(function (error) { throw { reason: cameraProblem(error) }; });
  }

  function overlay(onClose) {
    var root = make("div", {
      position: "fixed", top: "0", right: "0", bottom: "0", left: "0", zIndex: "1000", background: "#000",
      display: "flex", flexDirection: "column", color: "#fff"
    }, { role: "dialog", "aria-modal": "true", "aria-label": text("Title"), "class": "scan-overlay" });
    var video = make("video", { flex: "1 1 auto", minHeight: "0", width: "100%", objectFit: "cover" },
      { playsinline: "", muted: "", autoplay: "" });
    video.muted = true;
    var guide = make("div", {
      position: "absolute", top: "50%", left: "50%", width: "70vmin", height: "70vmin", transform: "translate(-50%, -60%)",
      border: "3px solid rgba(255,255,255,.8)", borderRadius: "12px", pointerEvents: "none"
    });
    var status = make("p", { margin: "0", padding: "12px 16px", textAlign: "center" }, { role: "status", "aria-live": "polite", "class": "scan-status" });
    status.textContent = text("Starting");
    var bar = make("div", { display: "flex", gap: "12px", padding: "0 16px 16px", justifyContent: "center" });
    var torch = make("button", { display: "none" }, { type: "button", "class": "secondary scan-torch", "aria-pressed": "false" });
    torch.textContent = text("Torch");
    var close = make("button", {}, { type: "button", "class": "scan-close" });
    close.textContent = "✕ " + text("Close");
    close.addEventListener("click", onClose);
    root.addEventListener("keydown", function (event) { if (event.key === "Escape") { onClose(); } });
    bar.appendChild(torch); bar.appendChild(close);
    root.appendChild(video); root.appendChild(guide); root.appendChild(status); root.appendChild(bar);
    document.body.appendChild(root);
    root.dataset.overflow = document.documentElement.style.overflow;
    document.documentElement.style.overflow = "hidden";  // the page under the camera does not scroll
    close.focus();
    return { root: root, video: video, status: status, torch: torch };
  }

  function offerTorch(view, track) {
    var capabilities = track && track.getCapabilities ? track.getCapabilities() : {};
    if (!capabilities.torch) { return; }
    var on = false;
    view.torch.style.display = "";
    view.torch.addEventListener("click", function () {
      on = !on;
      track.applyConstraints({ advanced: [{ torch: on }] }).catch(function () {});
      view.torch.setAttribute("aria-pressed", String(on));
    });
  }

  /* Open the camera, read until a code is seen or the overlay is closed. */
  function scan() {
    if (scanning) { return scanning; }
    api.lastError = null; api.lastMessage = "";
    scanning = new Promise(function (resolve) {
      var stream = null, finished = false, lastLinear = null, view;
      function finish(value) {
        if (finished) { return; }
        finished = true;
        if (stream) { stream.getTracks().forEach(function (track) { track.stop(); }); }
        if (view) { document.documentElement.style.overflow = view.root.dataset.overflow; view.root.remove(); }
        window.removeEventListener("pagehide", cancel);
        scanning = null;
        resolve(value);
      }
      function cancel() { finish(null); }
      view = overlay(cancel);
      window.addEventListener("pagehide", cancel);
      var camera = openCamera();
      // The decoder loads while the person answers the camera question; not at all when there is no camera API.
      var ready = navigator.mediaDevices && window.isSecureContext !== false ? decoder() : Promise.reject(null);
      ready.catch(function () {});  // reported below, once the camera question is settled
      camera.then(function (opened) {
        stream = opened;
        if (finished) { finish(null); return; }
        view.video.srcObject = stream;
        offerTorch(view, stream.getVideoTracks()[0]);
        var playing = view.video.play().catch(function () {});
        return Promise.all([ready, playing]).then(function (results) {
          api.decoder = results[0].kind;
          view.status.textContent = text("Aim");
          loop(results[0]);
        }, function () { finish(refuse("unsupported")); });
      }, function (problem) { finish(refuse(problem.reason)); });

      function loop(active) {
        if (finished) { return; }
        if (view.video.readyState < 2 || !view.video.videoWidth) { setTimeout(function () { loop(active); }, FRAME_GAP_MS); return; }
        active.detect(view.video).then(function (found) {
          for (var i = 0; i < found.length; i++) {
            var value = normalise(found[i]);
            if (!value) { continue; }
            // A linear barcode is taken when two frames agree: one blurred frame can misread a digit.
            if (LINEAR[found[i].format] && value !== lastLinear) { lastLinear = value; continue; }
            if (navigator.vibrate) { navigator.vibrate(60); }
            finish(value);
            return;
          }
          setTimeout(function () { loop(active); }, FRAME_GAP_MS);
        }, function () { setTimeout(function () { loop(active); }, FRAME_GAP_MS * 4); });
      }
    });
    return scanning;
  }

  /* ---- what a read does on a page ---------------------------------------------------------------------- */

  /* The line under the button: a plain hint while working, green when the code names something registered,
     amber when it does not or the camera cannot be used (app.css's flash colours). */
  function say(status, message, kind) {
    if (!status) { return; }
    status.textContent = message;
    status.hidden = !message;
    status.className = "scan-result " + (kind ? "flash flash-" + kind : "hint");
  }

  function setValue(input, value) {
    input.value = value;
    input.dispatchEvent(new Event("input", { bubbles: true }));
    input.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function fill(input, status, value) {
    setValue(input, value);
    if (!config.lookup) { return; }
    say(status, text("Looking"));
    fetch(config.lookup + "?code=" + encodeURIComponent(value), { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (answer) {
        if (answer.found) {
          setValue(input, answer.code);
          say(status, text("Found") + " " + answer.product + (answer.lot ? " · " + answer.lot : "") + " · " + answer.business, "success");
        } else {
          say(status, answer.message, "warning");
        }
      })
      .catch(function () { say(status, ""); });  // offline: the code stays as read, resolved when sent
  }

  function ownOrigins() {
    var origins = [window.location.origin];
    try { if (config.publicBase) { origins.push(new URL(config.publicBase).origin); } } catch (e) { /* not a URL */ }
    return origins;
  }

  /* The consumer home: our own links open here; another site's link is shown for the person to judge. */
  function open(status, value) {
    var url = null;
    if (/^[a-z][a-z0-9+.-]*:/i.test(value)) {
      try { url = new URL(value); } catch (e) { url = null; }
      if (!url) { say(status, value); return; }
      var path = url.pathname.replace(/^\/Q\//, "/q/");
      if (ownOrigins().indexOf(url.origin) >= 0 && /^\/(q|01)\//.test(path)) {
        window.location.assign(window.location.origin + path + url.search);
        return;
      }
      say(status, text("Foreign"), "warning");
      if (status && (url.protocol === "https:" || url.protocol === "http:")) {
        status.appendChild(document.createTextNode(" "));
        var link = make("a", {}, { href: url.href, rel: "noopener noreferrer nofollow" });
        link.textContent = value;
        status.appendChild(link);
      } else if (status) {
        status.appendChild(document.createTextNode(" " + value));
      }
      return;
    }
    window.location.assign((config.lookupPage || "/lookup") + "?code=" + encodeURIComponent(value));
  }

  function onButton(button) {
    var target = button.dataset.scanTarget ? document.querySelector(button.dataset.scanTarget) : null;
    var status = button.dataset.scanStatus ? document.querySelector(button.dataset.scanStatus) : null;
    var fallback = target || (button.dataset.scanFallback ? document.querySelector(button.dataset.scanFallback) : null);
    say(status, "");
    scan().then(function (value) {
      if (value === null) {
        if (api.lastError) { say(status, api.lastMessage, "warning"); (fallback || button).focus(); } else { button.focus(); }
        return;
      }
      if (button.dataset.scanAction === "open") { open(status, value); } else if (target) { fill(target, status, value); }
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-scan-target], [data-scan-action]");
    if (button) { event.preventDefault(); onButton(button); }
  });

  function reveal() {
    var buttons = document.querySelectorAll("[data-scan-target], [data-scan-action]");
    for (var i = 0; i < buttons.length; i++) { buttons[i].hidden = false; }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", reveal); } else { reveal(); }

  var api = { scan: scan, normalise: normalise, decoder: null, lastError: null, lastMessage: "" };
  window.TraceScanner = api;
})();
