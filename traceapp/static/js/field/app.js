/* The offline work home (templates/field/home.html): start an inspection, check items by code, answer the
   checklist, take photos, record violations and submit, all kept on the phone (FieldStore) and sent by FieldSync
   when there is a signal — automatically on "online" and on load, and by "Gửi ngay".

   The page shows one part at a time, chosen by the address's #fragment (#/, #/new, #/i/<id>, #/i/<id>/item,
   #/i/<id>/item/<item id>, #/i/<id>/violation), so a reload comes back to the same place. Each form is saved
   to `typing` as it is typed, and filled again from it. Texts come from the page (#field-text). */
(function () {
  "use strict";
  var root = document.getElementById("field");
  if (!root || !window.Dexie) { return; }
  var T = JSON.parse(document.getElementById("field-text").textContent);
  var userId = root.getAttribute("data-user");
  var db = FieldStore.open(userId);
  var sender = new FieldSync.Sender(db, { session: root.getAttribute("data-session"), sync: root.getAttribute("data-sync") }, userId);
  var data = null; // the bootstrap: businesses, codes, checklists, lists
  var MAX_SIDE = 1600;

  function $(id) { return document.getElementById(id); }
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }
  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } return node; }
  function labelOf(list, value) {
    var found = (list || []).filter(function (c) { return c.value === value; })[0];
    return found ? found.label : value;
  }
  function options(select, list, blank) {
    clear(select);
    if (blank !== undefined) { select.appendChild(el("option", { value: "" }, blank)); }
    list.forEach(function (c) { select.appendChild(el("option", { value: String(c.value !== undefined ? c.value : c.id) }, c.label || c.name)); });
  }
  function showError(id, text) { var node = $(id); node.textContent = text || ""; node.hidden = !text; }
  function localNow() {
    var now = new Date(Date.now() - new Date().getTimezoneOffset() * 60000);
    return now.toISOString().slice(0, 16);
  }
  function normaliseCode(raw) {
    var text = (raw || "").trim();
    if (text.indexOf("/q/") >= 0) { text = text.split("/q/").pop(); }
    return text.replace(/[\s\-.]/g, "").toUpperCase().replace(/[IL]/g, "1").replace(/O/g, "0");
  }
  function businessName(id) {
    var found = data && data.businesses.filter(function (b) { return String(b.id) === String(id); })[0];
    return found ? found.name : "";
  }
  function placeOf(record) {
    return record.header.business_id ? businessName(record.header.business_id) : (record.header.place_name || T.unregistered);
  }
  /* Open on the phone until the server has it submitted; a refused submission can still be corrected. */
  function editable(record) { return !(record.server && record.server.status !== "draft"); }
  function get(cid) { return db.inspections.get(cid); }

  /* --- what is waiting, and the signal ------------------------------------------------------------------ */
  function refreshStatus() {
    var net = $("field-net");
    net.textContent = navigator.onLine ? net.getAttribute("data-online") : net.getAttribute("data-offline");
    return db.inspections.where("dirty").equals(1).count().then(function (n) { $("field-pending-count").textContent = String(n); })
      .then(function () { return db.meta.get("not_applied"); }).then(function (row) {
        var list = row ? row.value : [];
        $("field-not-applied").hidden = !list.length;
        var ul = clear($("field-not-applied-list"));
        list.forEach(function (entry) {
          var li = el("li");
          li.appendChild(el("strong", {}, (entry.number ? entry.number + " · " : "") + entry.what));
          li.appendChild(el("div", {}, T.phone_value + " " + (entry.phone || "—") + " · " + T.server_value + " " + (entry.server || "—")));
          li.appendChild(el("div", { "class": "meta" }, T.not_applied_reason + " " + entry.reason));
          ul.appendChild(li);
        });
      });
  }

  function send() {
    $("field-sync-message").textContent = T.sending;
    return sender.sendAll().then(function (result) {
      var message = result.problem ? T[result.problem] : (result.refused ? "" : T.all_sent);
      $("field-sync-message").textContent = message || "";
      if (result.problem === "login") {
        var link = el("a", { href: root.getAttribute("data-login") }, " ›");
        $("field-sync-message").appendChild(link);
      }
      return render();
    }, function () { $("field-sync-message").textContent = T.network; return render(); });
  }

  /* --- the bootstrap --------------------------------------------------------------------------------------- */
  function loadData() {
    return db.meta.get("bootstrap").then(function (row) {
      data = row ? row.value : null;
      if (!navigator.onLine) { return; }
      return fetch(root.getAttribute("data-bootstrap"), { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (fresh) {
          if (!fresh) { return; }
          data = fresh;
          return db.meta.put({ key: "bootstrap", value: fresh }).then(function () { return keepDrafts(fresh.drafts || []); });
        })
        .catch(function () { /* kept data is used */ });
    }).then(function () {
      $("field-no-data").hidden = !!data;
      $("field-new").hidden = !data;
      if (data) { $("field-refreshed").textContent = $("field-refreshed").getAttribute("data-label") + " " + new Date(data.refreshed_at).toLocaleString("vi-VN"); }
    });
  }

  /* Drafts the user is on the team of, started online or on another phone: kept so they can be carried on with no
     signal. A record waiting to be sent is left as it is (the server merges it); one with nothing waiting takes
     the server's items, answers and notes. */
  function fromServer(draft, record) {
    var mine = {};
    (record ? record.items : []).forEach(function (item) { if (item.serverId) { mine[item.serverId] = item; } });
    var items = draft.items.map(function (there) {
      var item = mine[there.server_id] || { cid: there.client_id || FieldStore.uuid(), code: "", photos: [] };
      item.serverId = there.server_id; item.description = item.description || there.title;
      item.checks = there.checks; item.note = there.note; item.known = { note: [there.note] };
      Object.keys(there.checks).forEach(function (key) { item.known["checks:" + key] = [there.checks[key]]; });
      return item;
    });
    var violations = draft.violations.map(function (v) {
      return { cid: v.client_id || FieldStore.uuid(), serverId: v.server_id, fromServer: true, category: v.category, description: v.description, items: [] };
    });
    return {
      cid: record ? record.cid : draft.client_id || FieldStore.uuid(), header: draft.header, items: items, violations: violations,
      server: { id: draft.server_id, number: draft.number, status: draft.status, status_label: draft.status_label, url: draft.url },
      submit: null, error: null, dirty: 0, version: record ? record.version : 0, updated: record ? record.updated : draft.header.started_at
    };
  }
  function keepDrafts(drafts) {
    return db.inspections.toArray().then(function (records) {
      var byServer = {};
      records.forEach(function (record) { if (record.server) { byServer[record.server.id] = record; } });
      return Promise.all(drafts.map(function (draft) {
        var record = byServer[draft.server_id];
        if (record && record.dirty) { return null; }
        return db.inspections.put(fromServer(draft, record));
      }));
    });
  }

  /* --- typing kept as it is typed ------------------------------------------------------------------------ */
  function formValues(form) {
    var values = {};
    Array.prototype.forEach.call(form.elements, function (input) {
      if (!input.name || input.type === "file") { return; }
      if (input.type === "checkbox") { values[input.name] = values[input.name] || []; if (input.checked) { values[input.name].push(input.value); } }
      else if (input.type === "radio") { if (input.checked) { values[input.name] = input.value; } }
      else { values[input.name] = input.value; }
    });
    return values;
  }
  function fillForm(form, values) {
    Array.prototype.forEach.call(form.elements, function (input) {
      if (!input.name || !(input.name in values) || input.type === "file") { return; }
      var value = values[input.name];
      if (input.type === "checkbox") { input.checked = value.indexOf(input.value) >= 0; }
      else if (input.type === "radio") { input.checked = value === input.value; }
      else { input.value = value; }
    });
  }
  function keepTyping(form) {
    var key = form.id + ":" + location.hash;
    return db.typing.get(form.id).then(function (row) {
      var extra = row && row.hash === location.hash ? row : {};
      return db.typing.put({ form: form.id, hash: location.hash, values: formValues(form), itemCid: extra.itemCid || form.getAttribute("data-cid"), key: key });
    });
  }
  document.addEventListener("input", function (event) {
    var form = event.target.form;
    if (form && form.hasAttribute("data-autosave")) { keepTyping(form); }
  });
  document.addEventListener("change", function (event) {
    var form = event.target.form;
    if (form && form.hasAttribute("data-autosave") && event.target.type !== "file") { keepTyping(form); }
  });
  function typed(formId) {
    return db.typing.get(formId).then(function (row) { return row && row.hash === location.hash ? row : null; });
  }

  /* --- the parts of the page ------------------------------------------------------------------------------- */
  function show(id) {
    Array.prototype.forEach.call(document.querySelectorAll("[data-view]"), function (view) { view.hidden = view.id !== id; });
  }

  function renderList() {
    show("view-list");
    return db.inspections.orderBy("updated").reverse().toArray().then(function (records) {
      var ul = clear($("field-inspections"));
      $("field-inspections-empty").hidden = records.length > 0;
      records.forEach(function (record) {
        var li = el("li", { "data-cid": record.cid });
        li.appendChild(el("a", { "class": "title", href: "#/i/" + record.cid }, placeOf(record)));
        var state = record.error ? T.failed + " " + record.error : record.dirty ? T.pending : T.sent;
        var status = el("div", { "class": "meta" }, [record.server ? record.server.number : "", record.header.started_at.replace("T", " "),
          record.items.length + " " + T.item.toLowerCase(), state].filter(Boolean).join(" · "));
        li.appendChild(status);
        ul.appendChild(li);
      });
    });
  }

  function renderNew() {
    show("view-new");
    var form = $("form-header");
    options($("h-agency"), data.agencies);
    $("h-agency").value = String(data.user.agency_id || "");
    options($("h-kind"), data.kinds);
    $("h-kind").value = "unannounced";
    var fields = $("h-fields");
    Array.prototype.slice.call(fields.querySelectorAll("label")).forEach(function (node) { fields.removeChild(node); });
    data.fields.forEach(function (f) {
      var label = el("label", { "class": "check" });
      label.appendChild(el("input", { type: "checkbox", name: "fields", value: f.value }));
      label.appendChild(document.createTextNode(" " + f.label));
      fields.appendChild(label);
    });
    filterBusinesses("");
    $("h-started").value = localNow();
    showError("form-header-error", "");
    return typed(form.id).then(function (row) { if (row) { filterBusinesses(""); fillForm(form, row.values); } });
  }
  function filterBusinesses(text) {
    var select = $("h-business"), chosen = select.value, words = text.toLowerCase();
    options(select, data.businesses.filter(function (b) { return !words || b.name.toLowerCase().indexOf(words) >= 0; })
      .map(function (b) { return { value: b.id, label: b.name + (b.address ? " — " + b.address : "") }; }), select.options[0] ? select.options[0].textContent : "");
    select.value = chosen;
  }

  function startInspection(event) {
    event.preventDefault();
    var values = formValues($("form-header"));
    if (!values.business_id && !values.place_name.trim()) { return showError("form-header-error", T.need_place); }
    if (!(values.fields || []).length) { return showError("form-header-error", T.need_field); }
    if (!values.started_at) { return showError("form-header-error", T.need_time); }
    var record = FieldStore.touch({
      cid: FieldStore.uuid(), created: new Date().toISOString(), items: [], violations: [], submit: null, server: null, error: null,
      header: { agency_id: Number(values.agency_id) || null, kind: values.kind, fields: values.fields, started_at: values.started_at,
        business_id: values.business_id ? Number(values.business_id) : null, place_name: values.place_name, place_address: values.place_address,
        decision_number: values.decision_number }
    });
    db.transaction("rw", db.inspections, db.typing, function () {
      db.inspections.add(record); db.typing.delete("form-header");
    }).then(function () { $("form-header").reset(); location.hash = "#/i/" + record.cid; if (navigator.onLine) { send(); } });
  }

  function renderInspection(cid) {
    show("view-inspection");
    return get(cid).then(function (record) {
      if (!record) { location.hash = "#/"; return; }
      $("i-title").textContent = placeOf(record);
      $("i-meta").textContent = [record.server ? record.server.number : "", record.header.started_at.replace("T", " "),
        (record.header.fields || []).map(function (f) { return labelOf(data.fields, f); }).join(", ")].filter(Boolean).join(" · ");
      showError("i-error", record.error ? T.failed + " " + record.error : "");
      var server = $("i-server"); clear(server); server.hidden = !record.server;
      if (record.server) {
        server.appendChild(document.createTextNode(record.server.number + " · " + record.server.status_label + " "));
        server.appendChild(el("a", { href: record.server.url }, T.open_online));
      }
      var notes = clear($("i-notes"));
      (record.notes || []).forEach(function (note) { notes.appendChild(el("li", {}, note)); });
      var open = editable(record);
      $("i-actions").hidden = !open; $("form-submit").hidden = !open || !!record.submit; $("i-submitted").hidden = open && !record.submit;
      $("i-add-item").href = "#/i/" + cid + "/item"; $("i-add-violation").href = "#/i/" + cid + "/violation";
      $("form-submit").setAttribute("data-cid", cid);
      var items = clear($("i-items"));
      record.items.forEach(function (item, n) {
        var li = el("li", { "data-cid": item.cid });
        li.appendChild(el("strong", {}, (n + 1) + ". " + itemTitle(item)));
        var lines = linesFor(record), open = lines.filter(function (l) { return !(item.checks || {})[l.key]; }).length;
        var failed = lines.filter(function (l) { return (item.checks || {})[l.key] === "fail"; }).map(function (l) { return l.label; });
        li.appendChild(el("div", { "class": "meta" }, [item.photos.length + " " + T.photos, open ? open + " " + T.no_answer : "",
          failed.join("; ")].filter(Boolean).join(" · ")));
        if (editable(record)) { li.appendChild(el("a", { href: "#/i/" + cid + "/item/" + item.cid }, T.edit)); }
        items.appendChild(li);
      });
      var violations = clear($("i-violations"));
      record.violations.forEach(function (v) {
        var li = el("li");
        li.appendChild(el("strong", {}, labelOf(data.categories, v.category)));
        li.appendChild(el("div", {}, v.description));
        violations.appendChild(li);
      });
    });
  }
  function itemTitle(item) {
    var known = item.code && data.codes[normaliseCode(item.code)];
    return known ? known.name : (item.description || item.code);
  }
  function linesFor(record) {
    var fields = record.header.fields || [];
    return data.checklists.lines.filter(function (line) { return line.fields.some(function (f) { return fields.indexOf(f) >= 0; }); });
  }

  function submitInspection(event) {
    event.preventDefault();
    var cid = $("form-submit").getAttribute("data-cid");
    var conclusion = $("s-conclusion").value;
    db.inspections.where("cid").equals(cid).modify(function (record) { record.submit = { conclusion: conclusion }; FieldStore.touch(record); })
      .then(function () { $("s-conclusion").value = ""; return render(); }).then(function () { if (navigator.onLine) { send(); } });
  }

  /* --- an item ------------------------------------------------------------------------------------------ */
  function renderItem(cid, itemCid) {
    show("view-item");
    var form = $("form-item");
    form.reset();
    showError("form-item-error", "");
    Array.prototype.forEach.call(document.querySelectorAll(".back-to-inspection"), function (a) { a.href = "#/i/" + cid; });
    return Promise.all([get(cid), typed(form.id)]).then(function (found) {
      var record = found[0], row = found[1];
      if (!record) { location.hash = "#/"; return; }
      var item = itemCid && record.items.filter(function (i) { return i.cid === itemCid; })[0];
      form.setAttribute("data-cid", item ? item.cid : (row && row.itemCid) || FieldStore.uuid());
      form.setAttribute("data-inspection", cid);
      $("it-code-field").hidden = !!item;
      drawChecks(record);
      if (item) { fillForm(form, { code: item.code, description: item.description, note: item.note }); fillChecks(item.checks || {}); }
      if (row) { fillForm(form, row.values); }
      codeStatus();
      return photoCount();
    });
  }
  function drawChecks(record) {
    var box = clear($("it-checks")), lines = linesFor(record);
    if (!lines.length) { return; }
    box.appendChild(el("p", { "class": "small muted" }, T.checklist_hint));
    data.checklists.groups.forEach(function (group) {
      var mine = lines.filter(function (l) { return l.group === group.key; });
      if (!mine.length) { return; }
      var set = el("fieldset", { "class": "checklist" });
      set.appendChild(el("legend", {}, group.label));
      mine.forEach(function (line) {
        var row = el("div", { "class": "check-row" });
        row.appendChild(el("span", { "class": "check-label" }, line.label));
        var choices = el("span", { "class": "segmented", role: "radiogroup", "aria-label": line.label });
        data.results.forEach(function (result) {
          var label = el("label", { "class": "opt-" + result.value });
          label.appendChild(el("input", { type: "radio", name: "check:" + line.key, value: result.value }));
          label.appendChild(document.createTextNode(" " + result.label.replace(" (đạt)", "").replace(" (không đạt)", "")));
          choices.appendChild(label);
        });
        row.appendChild(choices);
        set.appendChild(row);
      });
      box.appendChild(set);
    });
  }
  function fillChecks(checks) {
    var values = {};
    Object.keys(checks).forEach(function (key) { values["check:" + key] = checks[key]; });
    fillForm($("form-item"), values);
  }
  function codeStatus() {
    var code = $("field-code").value, status = $("it-code-status");
    if (!code.trim() || !data) { status.textContent = ""; return; }
    var known = data.codes[normaliseCode(code)];
    status.textContent = known ? known.name + (known.business_id ? " · " + businessName(known.business_id) : "") : status.getAttribute("data-unknown");
  }
  function photoCount() {
    var form = $("form-item"), count = $("it-photo-count");
    return db.photos.where("item").equals(form.getAttribute("data-cid")).count().then(function (n) {
      count.textContent = n ? count.getAttribute("data-label") + " " + n : "";
    });
  }

  /* A photo made smaller on the phone (longest side 1600 px, JPEG) before it is kept: the server checks and
     re-encodes it again (traceapp/uploads.py). */
  function resize(file) {
    return createImageBitmap(file).then(function (bitmap) {
      var scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
      var canvas = document.createElement("canvas");
      canvas.width = Math.round(bitmap.width * scale); canvas.height = Math.round(bitmap.height * scale);
      canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      if (bitmap.close) { bitmap.close(); }
      return new Promise(function (resolve) { canvas.toBlob(resolve, "image/jpeg", 0.82); });
    });
  }
  function addPhotos(event) {
    var form = $("form-item"), files = Array.prototype.slice.call(event.target.files || []);
    var count = $("it-photo-count");
    count.textContent = count.getAttribute("data-working");
    return keepTyping(form).then(function () {
      return files.reduce(function (chain, file) {
        return chain.then(function () { return resize(file); }).then(function (blob) {
          return db.photos.add({ cid: FieldStore.uuid(), inspection: form.getAttribute("data-inspection"), item: form.getAttribute("data-cid"),
            blob: blob, sent: 0, width: null });
        });
      }, Promise.resolve());
    }).then(function () { event.target.value = ""; return photoCount(); });
  }

  function saveItem(event) {
    event.preventDefault();
    var form = $("form-item"), cid = form.getAttribute("data-inspection"), itemCid = form.getAttribute("data-cid");
    var values = formValues(form), checks = {};
    Object.keys(values).forEach(function (key) { if (key.indexOf("check:") === 0) { checks[key.slice(6)] = values[key]; } });
    db.photos.where("item").equals(itemCid).primaryKeys().then(function (photoIds) {
      return db.transaction("rw", db.inspections, db.typing, function () {
        return db.inspections.get(cid).then(function (record) {
          var item = record.items.filter(function (i) { return i.cid === itemCid; })[0];
          if (!item) {
            if (!values.code.trim() && !values.description.trim()) { throw new Error(T.need_goods); }
            item = { cid: itemCid, code: values.code.trim(), description: values.description.trim(), known: {} };
            record.items.push(item);
          } else { item.description = values.description.trim(); }
          item.checks = checks; item.note = values.note; item.photos = photoIds;
          FieldStore.touch(record);
          db.typing.delete("form-item");
          return db.inspections.put(record);
        });
      });
    }).then(function () { location.hash = "#/i/" + cid; if (navigator.onLine) { send(); } },
      function (error) { showError("form-item-error", error.message); });
  }

  /* --- a violation ------------------------------------------------------------------------------------ */
  function renderViolation(cid) {
    show("view-violation");
    var form = $("form-violation");
    form.reset(); showError("form-violation-error", "");
    form.setAttribute("data-inspection", cid);
    Array.prototype.forEach.call(document.querySelectorAll(".back-to-inspection"), function (a) { a.href = "#/i/" + cid; });
    options($("v-category"), data.categories);
    options($("v-measure"), data.measures);
    return Promise.all([get(cid), typed(form.id)]).then(function (found) {
      var record = found[0], row = found[1];
      if (!record) { location.hash = "#/"; return; }
      var box = $("v-items");
      Array.prototype.slice.call(box.querySelectorAll("label")).forEach(function (node) { box.removeChild(node); });
      record.items.forEach(function (item) {
        var label = el("label", { "class": "check" });
        label.appendChild(el("input", { type: "checkbox", name: "items", value: item.cid }));
        label.appendChild(document.createTextNode(" " + itemTitle(item)));
        box.appendChild(label);
      });
      if (row) { fillForm(form, row.values); }
    });
  }
  function saveViolation(event) {
    event.preventDefault();
    var form = $("form-violation"), cid = form.getAttribute("data-inspection"), values = formValues(form);
    if (!values.description.trim()) { return showError("form-violation-error", T.need_description); }
    function number(text) { return text ? Number(text) : null; }
    db.transaction("rw", db.inspections, db.typing, function () {
      return db.inspections.get(cid).then(function (record) {
        record.violations.push({ cid: FieldStore.uuid(), category: values.category, measure: values.measure, description: values.description.trim(),
          items: values.items || [], fine_vnd: number(values.fine_vnd), seized_quantity: values.seized_quantity,
          seized_value_vnd: number(values.seized_value_vnd), remedy_deadline: values.remedy_deadline || null });
        FieldStore.touch(record);
        db.typing.delete("form-violation");
        return db.inspections.put(record);
      });
    }).then(function () { location.hash = "#/i/" + cid; if (navigator.onLine) { send(); } });
  }

  /* --- wiring ------------------------------------------------------------------------------------------- */
  function render() {
    var parts = location.hash.replace(/^#\/?/, "").split("/");
    var done = refreshStatus();
    if (!data) { return done.then(renderList); }
    if (parts[0] === "new") { return done.then(renderNew); }
    if (parts[0] === "i" && parts[1]) {
      if (parts[2] === "item") { return done.then(function () { return renderItem(parts[1], parts[3]); }); }
      if (parts[2] === "violation") { return done.then(function () { return renderViolation(parts[1]); }); }
      return done.then(function () { return renderInspection(parts[1]); });
    }
    return done.then(renderList);
  }

  $("form-header").addEventListener("submit", startInspection);
  $("form-item").addEventListener("submit", saveItem);
  $("form-violation").addEventListener("submit", saveViolation);
  $("form-submit").addEventListener("submit", submitInspection);
  $("h-business-filter").addEventListener("input", function (event) { filterBusinesses(event.target.value); });
  $("field-code").addEventListener("input", codeStatus);
  $("field-code").addEventListener("change", codeStatus);
  $("it-photos").addEventListener("change", addPhotos);
  $("field-send").addEventListener("click", send);
  $("field-not-applied-clear").addEventListener("click", function () { db.meta.delete("not_applied").then(refreshStatus); });
  window.addEventListener("hashchange", render);
  window.addEventListener("online", function () { refreshStatus(); send(); });
  window.addEventListener("offline", refreshStatus);

  window.TraceField = { db: db, send: send, sender: sender, ready: null };
  window.TraceField.ready = loadData().then(render).then(function () {
    root.setAttribute("data-ready", "1");
    if (navigator.onLine) { return send(); }
  });
})();
