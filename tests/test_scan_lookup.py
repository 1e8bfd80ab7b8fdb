"""Where a code the camera read leads (GET /scan/resolve), and the decoder worker the scanner loads when the phone's
browser has no BarcodeDetector: the vendored polyfill and its WebAssembly come from this site, never a CDN."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from tests.factories import make_batch, make_business, make_product, valid_gtin
from traceapp import codes
from traceapp.public import scan_lookup

VENDOR = Path(scan_lookup.__file__).resolve().parents[1] / "static" / "vendor" / "barcode-detector"


def lookup(client, code: str):
    return client.get("/scan/resolve", query_string={"code": code})


def test_a_barcode_number_finds_its_product_whatever_its_length(client, english):
    gtin13 = valid_gtin()
    product = make_product(business=make_business(name="Cơ sở Bánh tráng Cô Tư"), name="Bánh tráng mè", gtin=gtin13)
    for read in (gtin13, "0" + gtin13, gtin13[:1] + " " + gtin13[1:]):
        response = lookup(client, read)
        assert response.status_code == 200, read
        answer = response.get_json()
        assert answer["found"] is True
        assert answer["code"] == codes.display(product.public_code)  # what the forms take, short enough to read
        assert answer["product"] == "Bánh tráng mè" and answer["business"] == "Cơ sở Bánh tráng Cô Tư"
        assert answer["url"] == f"/q/{product.public_code}"
        assert answer["lot"] is None


def test_a_scanned_label_link_finds_the_batch_on_any_host_and_in_capitals(client):
    gtin = valid_gtin()
    batch = make_batch(product=make_product(gtin=gtin), lot_code="NM-07")
    for read in (
        f"HTTPS://TRUYXUAT.EXAMPLE/01/0{gtin}/10/NM-07",  # our label: scheme and host in capitals
        f"https://id.gs1.org/01/0{gtin}/10/NM-07",  # another resolver's Digital Link of the same lot
        f"HTTPS://TRUYXUAT.EXAMPLE/q/{batch.public_code}",
        codes.display(batch.public_code).lower(),
    ):
        answer = lookup(client, read).get_json()
        assert answer["found"] is True, read
        assert answer["code"] == codes.display(batch.public_code), read
        assert answer["lot"] == "NM-07"


def test_an_unknown_or_broken_code_says_why(client, english):
    unknown = valid_gtin()
    response = lookup(client, unknown)
    assert response.status_code == 404
    assert response.get_json() == {
        "found": False,
        "message": f"No product with the GTIN 0{unknown} is registered in the ward.",
    }
    wrong_check_digit = unknown[:-1] + str((int(unknown[-1]) + 1) % 10)
    response = lookup(client, wrong_check_digit)
    assert response.status_code == 400
    assert "check digit" in response.get_json()["message"]
    response = lookup(client, "WIFI:S:quan-ca-phe;T:WPA;P:12345678;;")
    assert response.status_code == 404 and response.get_json()["found"] is False
    assert "Describe the goods in words" in response.get_json()["message"]


def test_the_answer_is_in_the_scanners_language(client):
    response = client.get("/scan/resolve?code=ZZZZ-ZZZZ", headers={"Accept-Language": "vi"})
    assert response.status_code == 404
    message = response.get_json()["message"]
    assert "ZZZZ-ZZZZ" in message and "No registered product" not in message


def test_the_decoder_worker_alone_may_compile_webassembly(client):
    worker = client.get("/scan/decoder.js")
    assert worker.status_code == 200
    assert worker.mimetype == "text/javascript"
    assert "script-src 'self' 'wasm-unsafe-eval'" in worker.headers["Content-Security-Policy"]
    assert b"importScripts" in worker.data
    page = client.get("/")
    assert "wasm-unsafe-eval" not in page.headers["Content-Security-Policy"]


def test_the_polyfill_loads_its_webassembly_from_this_site(client):
    home = client.get("/").data.decode()
    script = re.search(r"<script src=\"/static/js/scanner\.js\"[^>]*>", home)
    assert script is not None, "the consumer home loads the scanner"
    wasm_url = re.search(r'data-wasm="([^"]+)"', script.group(0)).group(1)
    ponyfill_url = re.search(r'data-ponyfill="([^"]+)"', script.group(0)).group(1)
    wasm = client.get(wasm_url)
    assert wasm.status_code == 200 and wasm.mimetype == "application/wasm"
    assert wasm.data[:4] == b"\0asm"
    ponyfill = client.get(ponyfill_url).data.decode()
    # The vendored script names the SHA-256 of the zxing-wasm build it was made with: the .wasm must be that build.
    assert hashlib.sha256(wasm.data).hexdigest() in ponyfill
    for name in ("LICENSE.barcode-detector", "LICENSE.zxing-wasm", "LICENSE.zxing-cpp", "README.md"):
        assert (VENDOR / name).is_file(), name
    # Nothing in the page or the scanner reaches for a CDN.
    scanner = client.get("/static/js/scanner.js").data.decode()
    for text in (home, scanner, client.get("/scan/decoder.js").data.decode()):
        assert "jsdelivr" not in text and "unpkg" not in text


def test_scan_buttons_sit_beside_the_inputs_a_code_goes_into(client):
    home = client.get("/").data.decode()
    assert 'data-scan-action="open"' in home and 'data-scan-fallback="#code"' in home
    # Hidden until the script runs: without JavaScript the page offers typing only, never a dead button.
    assert re.search(r"<button[^>]*scan-button[^>]*hidden", home)
