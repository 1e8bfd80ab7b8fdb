"""Photos as uploaded from a phone: decoded at the size we keep (not the camera's), turned upright, and never
left half-written on disk."""

from __future__ import annotations

import io
import os

import pytest
from PIL import Image

from tests import images
from traceapp import uploads


def _camera_jpeg(size: tuple[int, int], orientation: int = 1) -> bytes:
    image = Image.new("RGB", size, (30, 140, 200))
    image.paste((250, 250, 0), (0, 0, size[0] // 4, size[1] // 4))  # a corner mark to see the turn by
    exif = Image.Exif()
    exif[0x0112] = orientation
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90, exif=exif.tobytes())
    return buffer.getvalue()


def test_a_large_camera_jpeg_is_decoded_at_a_reduced_scale_yet_kept_at_full_stored_size(app):
    data = _camera_jpeg((6000, 4000))
    with app.test_request_context():
        drafted = uploads.read_image(io.BytesIO(data), max_side=1600)
        full = uploads.read_image(io.BytesIO(data))
        assert full.size == (6000, 4000)
        # 1/2 scale is the smallest DCT scale still at least 1600 px on each side asked: 3000 x 2000.
        assert drafted.size == (3000, 2000)
        # A 4:3 photo is drafted by the size it is shrunk to (1600 x 1200), not a 1600-px square: half scale.
        assert uploads.read_image(io.BytesIO(_camera_jpeg((4000, 3000))), max_side=1600).size == (2000, 1500)
        name = uploads.save_image(io.BytesIO(data), "products")
    with Image.open(os.path.join(app.config["UPLOAD_FOLDER"], "products", name)) as stored:
        assert stored.size == (1600, 1067)


def test_a_sideways_phone_photo_is_stored_upright_after_reduced_decoding(app):
    data = _camera_jpeg((4000, 3000), orientation=6)  # the camera held upright: rotate 90° clockwise to view
    with app.test_request_context():
        name = uploads.save_image(io.BytesIO(data), "products")
    with Image.open(os.path.join(app.config["UPLOAD_FOLDER"], "products", name)) as stored:
        assert stored.size == (1200, 1600)
        # The yellow corner, top left in the sensor's frame, is top right once upright.
        assert stored.getpixel((1190, 10))[2] < 100 and stored.getpixel((10, 10))[2] > 150


def test_a_write_that_fails_half_way_leaves_no_file_behind(app, monkeypatch):
    upload = io.BytesIO(images.png())

    def write_half_then_fail(self, fp, *args, **kwargs):
        with open(fp, "wb") as handle:
            handle.write(b"\xff\xd8\xff partial jpeg")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Image.Image, "save", write_half_then_fail)
    with app.test_request_context(), pytest.raises(OSError):
        uploads.save_image(upload, "products")
    folder = os.path.join(app.config["UPLOAD_FOLDER"], "products")
    assert os.listdir(folder) == []


def test_an_item_with_more_photos_than_it_keeps_is_refused_before_any_is_decoded(app, monkeypatch):
    from werkzeug.datastructures import FileStorage

    from tests.factories import make_inspection
    from traceapp.errors import DomainError
    from traceapp.extensions import db
    from traceapp.inspections import services
    from traceapp.models import InspectionItem

    inspection = make_inspection()
    inspector = inspection.created_by
    limit = app.config["MAX_PHOTOS_PER_ITEM"]
    decoded: list[object] = []
    monkeypatch.setattr(uploads, "read_image", lambda *args, **kwargs: decoded.append(args) or None)
    photos = [FileStorage(io.BytesIO(images.png()), f"anh-{n}.png") for n in range(limit + 1)]
    with app.test_request_context("/?lang=en"), pytest.raises(DomainError, match=f"at most {limit} photos"):
        services.add_item(inspection, inspector, description="Nước mắm không nhãn", checks={}, photos=photos)
    assert decoded == []
    assert db.session.scalar(db.select(db.func.count(InspectionItem.id))) == 0
    assert not os.path.isdir(os.path.join(app.config["UPLOAD_FOLDER"], "inspections"))
