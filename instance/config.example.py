"""Example instance settings for traceapp. Copy to ``instance/config.py`` and edit.

``instance/config.py`` is read after the defaults in ``traceapp/config.py``; environment variables named
``TRACEAPP_<SETTING>`` (and ``DATABASE_URL``) are read after it and win. Leave out what you do not change.
This file is plain Python: only UPPER_CASE names are settings.
"""

# --- Required in production ---------------------------------------------------------------------------

# Signs sessions and CSRF tokens. Generate one with:
#   python3 -c "import secrets; print(secrets.token_hex(32))"
# and keep it secret and stable (changing it logs everyone out).
SECRET_KEY = "replace-me-with-a-long-random-string"

# The public address that QR codes point at. It is printed on labels, so choose it once:
# every code already printed keeps this host name. Use https. Until it is set to an address a phone can open
# (not 127.0.0.1, localhost or 0.0.0.0), the app prints no QR code or label and the admin's page says so.
PUBLIC_BASE_URL = "https://truyxuat.ducpho.example"

# --- Database -------------------------------------------------------------------------------------------

# Default (leave unset): SQLite in instance/traceapp.sqlite.
# PostgreSQL: name the psycopg 3 driver here. (The DATABASE_URL environment variable may also be
# written postgres:// or postgresql://; it is rewritten to postgresql+psycopg://.)
# SQLALCHEMY_DATABASE_URI = "postgresql+psycopg://traceapp:PASSWORD@127.0.0.1:5432/traceapp"

# --- Behind HTTPS ---------------------------------------------------------------------------------------

# Send the session cookie over HTTPS only.
# SESSION_COOKIE_SECURE = True

# --- Names shown on pages and reports -------------------------------------------------------------------

# WARD_NAME = "Phường Đức Phổ"
# PROVINCE_NAME = "Tỉnh Quảng Ngãi"

# --- Language and time ----------------------------------------------------------------------------------

# BABEL_DEFAULT_LOCALE = "vi"          # "vi" or "en"; users can switch with ?lang=en
# BABEL_DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"

# --- Files ----------------------------------------------------------------------------------------------

# Uploaded photos and cached QR images (default: instance/uploads and instance/qr-cache).
# UPLOAD_FOLDER = "/var/lib/traceapp/uploads"
# QR_CACHE_FOLDER = "/var/lib/traceapp/qr-cache"
# MAX_IMAGE_BYTES = 8 * 1024 * 1024     # largest photo accepted
# IMAGE_MAX_SIDE = 1600                 # photos are scaled down to this many pixels on the long side

# --- Limits and tuning ----------------------------------------------------------------------------------

# Login attempts per client address (Flask-Limiter syntax). The limits count in the app's own database
# ("database://"), shared by every gunicorn worker; "memory://" would count per worker.
# LOGIN_RATE_LIMIT = "10 per minute"
# RATELIMIT_STORAGE_URI = "database://"
# Failed logins per account: waits from the 5th in a row (15 s, doubling), a 15-minute lock at the 10th.
# LOGIN_SLOWDOWN_AFTER = 5
# LOGIN_SLOWDOWN_SECONDS = 15
# LOGIN_LOCKOUT_AFTER = 10
# LOGIN_LOCKOUT_MINUTES = 15

# Scan counts are added up in memory and written to the database at most this often (seconds).
# SCAN_FLUSH_SECONDS = 5.0

# Rows per page in lists.
# PER_PAGE = 20
