/* The camera scanner's decoder where the browser has no BarcodeDetector of its own: the vendored ZXing
   WebAssembly polyfill (static/vendor/barcode-detector/), run off the page's thread so the video stays smooth
   on a cheap phone. Served as /scan/decoder.js, whose own Content-Security-Policy allows WebAssembly (the pages'
   does not: traceapp/public/scan_lookup.py). Messages: {type: "init", ponyfill, wasm, formats} once, then
   {type: "frame", image: ImageData}; answers {type: "ready"}, {type: "codes", codes: [{rawValue, format}]} or
   {type: "failed", message}. */
"use strict";
var detector = null;

function fail(error) { self.postMessage({ type: "failed", message: String(error && error.message || error) }); }

self.onmessage = function (event) {
  var data = event.data || {};
  if (data.type === "init") {
    try {
      importScripts(data.ponyfill);
      var api = self.BarcodeDetectionAPI;
      // The .wasm comes from this site, never from the package's default CDN.
      api.prepareZXingModule({
        overrides: { locateFile: function (path, prefix) { return path.endsWith(".wasm") ? data.wasm : prefix + path; } },
        fireImmediately: true
      }).then(function () {
        detector = new api.BarcodeDetector({ formats: data.formats });
        self.postMessage({ type: "ready" });
      }, fail);
    } catch (error) { fail(error); }
  } else if (data.type === "frame" && detector) {
    detector.detect(data.image).then(function (found) {
      self.postMessage({ type: "codes", codes: found.map(function (c) { return { rawValue: c.rawValue, format: c.format }; }) });
    }, fail);
  }
};
