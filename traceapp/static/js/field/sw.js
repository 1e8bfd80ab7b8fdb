/* The field kit's service worker, served at /sw.js (scope: the whole site) with self.TRACEAPP_FIELD set above
   this text by traceapp/field/app_views.py: the files to keep, each with a revision.

   - The app's scripts, styles, icons, the offline store (Dexie) and the camera scanner with its WebAssembly
     decoder are precached (Workbox): the field home opens with no signal, and a changed file is fetched again
     because its revision, and so this script, changed.
   - The field home page (/field) is network first, kept for when there is no signal (it holds no record: the
     records are in IndexedDB). Any other page asked for with no signal gets the field home instead of the
     browser's error page.
   - Nothing else is cached: the JSON the page sends and fetches always goes to the network. */
/* global workbox */
"use strict";
var FIELD = self.TRACEAPP_FIELD;
var PAGES = "traceapp-field-pages";
importScripts(
  FIELD.static + "vendor/workbox/workbox-core.prod.js",
  FIELD.static + "vendor/workbox/workbox-routing.prod.js",
  FIELD.static + "vendor/workbox/workbox-strategies.prod.js",
  FIELD.static + "vendor/workbox/workbox-precaching.prod.js"
);

workbox.core.setCacheNameDetails({ prefix: "traceapp" });
workbox.core.skipWaiting();
workbox.core.clientsClaim();
workbox.precaching.cleanupOutdatedCaches();
workbox.precaching.precacheAndRoute(FIELD.precache, { ignoreURLParametersMatching: [/.*/] });

function keepShell() {
  /* Fetched with the user's cookie at install: the page a signed-in inspector gets, never a login page. */
  return fetch(FIELD.shell, { credentials: "same-origin", redirect: "manual" }).then(function (response) {
    if (response.ok && !response.redirected && response.type === "basic") {
      return caches.open(PAGES).then(function (cache) { return cache.put(FIELD.shell, response); });
    }
  }).catch(function () { /* no signal at install: kept on the next visit */ });
}
self.addEventListener("install", function (event) { event.waitUntil(keepShell()); });

workbox.routing.registerRoute(
  function (options) { return options.request.mode === "navigate" && options.url.pathname === FIELD.shell; },
  new workbox.strategies.NetworkFirst({ cacheName: PAGES, networkTimeoutSeconds: 6 })
);
workbox.routing.registerRoute(
  function (options) { return options.request.mode === "navigate" && options.url.origin === self.location.origin; },
  new workbox.strategies.NetworkOnly()
);
workbox.routing.setCatchHandler(function (options) {
  if (options.request.mode !== "navigate") { return Promise.resolve(Response.error()); }
  return caches.open(PAGES).then(function (cache) { return cache.match(FIELD.shell); }).then(function (shell) {
    return shell || Response.error();
  });
});

/* Logging out empties the kept page, so the next person on a shared phone does not open it. */
self.addEventListener("message", function (event) {
  if (event.data === "logout") { event.waitUntil(caches.delete(PAGES)); }
});
