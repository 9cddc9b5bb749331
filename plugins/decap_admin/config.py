"""The Decap CMS configuration (admin/config.yml) and the /admin/ page, computed from the
settings and the build's categories and portals. Pure.

config.yml is written as JSON, which is YAML too (Decap reads it with a YAML parser), so the
plugin needs no YAML library.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable, Mapping
from typing import Any

from .settings import local_backend_origin

FORMAT = "archive-md"  # registered by static/archive-cms.js
STATUSES = (("Đã công bố", "published"), ("Bản nháp", "draft"), ("Ẩn khỏi danh sách", "hidden"))
NO_PORTAL = "samples"  # folder of an article written by the editors (no portal), as today
DATE_FORMAT = "YYYY-MM-DDTHH:mm:ssZ"  # dayjs: ISO 8601 with the offset, e.g. +07:00


def _date_field(name: str, label: str, hint: str, *, required: bool) -> dict[str, Any]:
    field: dict[str, Any] = {
        "name": name,
        "label": label,
        "widget": "datetime",
        "format": DATE_FORMAT,
        "date_format": "DD/MM/YYYY",
        "time_format": "HH:mm",
        "required": required,
        "hint": hint,
    }
    if not required:
        field["default"] = ""  # an empty optional date stays empty (Decap would put "now")
    return field


def article_fields(categories: Iterable[str], portals: Mapping[str, str]) -> list[dict]:
    """The form of an article: every metadata key of the README's header, in its order."""
    return [
        {"name": "title", "label": "Tiêu đề", "widget": "string",
         "hint": "Tiêu đề bài như cổng thông tin đã đăng."},
        _date_field("date", "Ngày đăng", "Giờ Việt Nam; được lưu dạng "
                    "2025-05-28T08:52:00+07:00.", required=True),
        _date_field("modified", "Ngày cập nhật", "Chỉ điền khi cổng thông tin ghi ngày cập "
                    "nhật; để trống nếu không có.", required=False),
        {"name": "category", "label": "Chuyên mục", "widget": "select", "required": False,
         "options": sorted(set(categories)),
         "hint": "Chuyên mục như trên cổng thông tin gốc."},
        {"name": "tags", "label": "Thẻ", "widget": "list", "required": False,
         "hint": "Các thẻ, cách nhau bởi dấu phẩy."},
        {"name": "authors", "label": "Tác giả", "widget": "list", "required": False,
         "hint": "Tên tác giả như bài đã in, cách nhau bởi dấu phẩy. Để trống nếu bài không "
                 "ghi tác giả."},
        {"name": "summary", "label": "Tóm tắt (đoạn mở đầu)", "widget": "text",
         "required": False, "hint": "Đoạn mở đầu in đậm dưới tiêu đề; một đoạn văn."},
        {"name": "portal", "label": "Cổng thông tin", "widget": "select", "required": False,
         "options": [{"label": name, "value": key} for key, name in sorted(portals.items())],
         "hint": "Cổng thông tin đã đăng bài; ảnh của bài được lưu vào content/images/<cổng>/."},
        {"name": "status", "label": "Trạng thái", "widget": "select", "required": False,
         "options": [{"label": label, "value": value} for label, value in STATUSES],
         "hint": "Bản nháp chỉ xem thử được ở /ban-nhap/, không bao giờ được công bố."},
        {"name": "source", "label": "Địa chỉ gốc", "widget": "archive-readonly",
         "required": False,
         "hint": "Địa chỉ bài trên cổng thông tin (do công cụ thu thập ghi; không sửa được)."},
        {"name": "captured", "label": "Ngày lưu", "widget": "archive-readonly",
         "required": False, "hint": "Thời điểm công cụ thu thập lưu trang (không sửa được)."},
        {"name": "other_news", "label": "Các tin khác", "label_singular": "tin khác",
         "widget": "list", "required": False, "summary": "{{fields.title}}",
         "collapsed": False,
         "hint": "Danh sách \"Các tin khác\" như cổng thông tin đã in; tin trùng được bỏ khi "
                 "dựng trang.",
         "fields": [
             {"name": "title", "label": "Tiêu đề tin", "widget": "string"},
             {"name": "date", "label": "Ngày (dd/mm/yyyy)", "widget": "string",
              "required": False, "pattern": ["^(\\d{1,2}/\\d{1,2}/\\d{4})?$",
                                             "Ngày viết dạng 28/05/2025"]},
             {"name": "url", "label": "Địa chỉ (https://...)", "widget": "string",
              "required": False},
         ]},
        {"name": "body", "label": "Nội dung", "widget": "markdown",
         "modes": ["raw", "rich_text"], "editor_components": ["archive-figure"],
         "hint": "Markdown. Chèn ảnh bằng nút \"Ảnh có chú thích\" (chế độ soạn thảo đầy đủ)."},
    ]  # fmt: skip


def page_fields() -> list[dict]:
    return [
        {"name": "title", "label": "Tiêu đề", "widget": "string"},
        {"name": "slug", "label": "Đường dẫn", "widget": "string", "required": False,
         "hint": "Chữ thường không dấu, số và dấu gạch ngang; để trống: lấy từ tiêu đề."},
        {"name": "summary", "label": "Tóm tắt", "widget": "text", "required": False},
        {"name": "status", "label": "Trạng thái", "widget": "select", "required": False,
         "options": [{"label": label, "value": value} for label, value in STATUSES]},
        {"name": "body", "label": "Nội dung", "widget": "markdown",
         "modes": ["raw", "rich_text"], "editor_components": ["archive-figure"]},
    ]  # fmt: skip


def build_config(
    settings: Mapping[str, Any],
    *,
    categories: Iterable[str],
    portals: Mapping[str, str],
    page_paths: Iterable[str],
) -> dict[str, Any]:
    """The Decap CMS configuration for the archive."""
    content = settings["content_folder"].strip("/")
    portal = f"{{{{fields.portal | default('{NO_PORTAL}')}}}}"
    pages = [p.strip("/") for p in page_paths if p.strip("/")] or ["pages"]
    return {
        "locale": settings["locale"],
        "backend": dict(settings["backend"]),
        "local_backend": {
            "url": settings["local_backend_url"],
            "allowed_hosts": ["127.0.0.1", "localhost"],
        },
        "media_folder": f"{content}/images",
        "public_folder": "{static}/images",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [
            {
                "name": "articles",
                "label": "Bản tin",
                "label_singular": "bản tin",
                "description": "Các bản tin của kho lưu trữ (content/<cổng>/<năm>/).",
                "folder": content,
                "path": "{{_archive_folder}}/{{_archive_year}}/{{slug}}",
                "extension": "md",
                "format": FORMAT,
                "create": True,
                "identifier_field": "title",
                "filter": {"field": "_archive_kind", "value": "article"},
                "summary": "{{title}} — {{fields.date | date('DD/MM/YYYY')}}",
                "sortable_fields": ["date", "title"],
                "media_folder": f"/{content}/images/{portal}",
                "public_folder": f"{{static}}/images/{portal}",
                "fields": article_fields(categories, portals),
            },
            {
                "name": "pages",
                "label": "Trang",
                "label_singular": "trang",
                "folder": f"{content}/{pages[0]}",
                "extension": "md",
                "format": FORMAT,
                "create": True,
                "identifier_field": "title",
                "media_folder": f"/{content}/images/trang",
                "public_folder": "{static}/images/trang",
                "fields": page_fields(),
            },
        ],
    }


def config_text(config: Mapping[str, Any]) -> str:
    return (
        "# Decap CMS configuration, generated by plugins/decap_admin at every build: do not edit\n"
        "# (JSON is YAML too). Settings: DECAP_ADMIN in pelicanconf.py.\n"
        + json.dumps(config, ensure_ascii=False, indent=2, sort_keys=False)
        + "\n"
    )


def content_security_policy(settings: Mapping[str, Any]) -> str:
    """The CSP of /admin/: the site's own, widened only where Decap needs it.

    Decap styles its interface with inline style elements (emotion) and compiles its config
    schema (ajv) with `new Function`; it shows uploaded images as blob: URLs; it talks to
    decap-server (local mode) and, for a shared deployment, to the Git host's API
    (`connect_src`)."""
    connect = " ".join(["'self'", local_backend_origin(settings), *settings["connect_src"]])
    return (
        "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data: blob:; font-src 'self' data:; "
        f"connect-src {connect} blob:; frame-src 'self' blob:; worker-src 'self' blob:; "
        "object-src 'none'; base-uri 'self'; form-action 'self'"
    )


def admin_page(settings: Mapping[str, Any], sitename: str) -> str:
    """admin/index.html: no inline script or style, the policy in a meta tag."""
    policy = html.escape(content_security_policy(settings), quote=True)
    title = html.escape(f"Biên tập — {sitename}")
    return f"""<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta http-equiv="Content-Security-Policy" content="{policy}">
<title>{title}</title>
<link href="config.yml" type="text/yaml" rel="cms-config-url">
</head>
<body>
<noscript><p>Trang biên tập cần JavaScript.</p></noscript>
<script src="manual-init.js"></script>
<script src="decap-cms.js"></script>
<script src="archive-format.js"></script>
<script src="archive-cms.js"></script>
</body>
</html>
"""
