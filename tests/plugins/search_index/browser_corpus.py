"""The site the search page's browser tests run on, and a server with the strict CSP.

The content: the sample content/, the bundled demo portal crawled on 127.0.0.1, and the articles
below written for the query table. Built with Pelican with PLUGINS naming `search_index` (in place
of `pagefind_search`), served with a Content-Security-Policy header stricter than base.html's:
no 'wasm-unsafe-eval' and no worker-src, since the search page needs neither.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from http.server import SimpleHTTPRequestHandler
from pathlib import Path

from tests.support.paths import PROJECT_ROOT
from tests.support.server import _QuietHandler
from tests.support.site import build_site

STRICT_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; worker-src 'none'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'"
)


class StrictCspHandler(_QuietHandler):
    """Serves files with STRICT_CSP (no WebAssembly, no workers)."""

    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", STRICT_CSP)
        SimpleHTTPRequestHandler.end_headers(self)


def search_plugins() -> list[str]:
    """pelicanconf's PLUGINS with search_index (and without pagefind_search)."""
    import pelicanconf

    plugins = [p for p in pelicanconf.PLUGINS if p not in ("pagefind_search", "search_index")]
    return [*plugins, "search_index"]


def build_search_site(root: Path, *, demo: bool = True, extra: dict | None = None) -> Path:
    """Write the corpus under `root`, build it with search_index; returns the output folder."""
    content = write_corpus(root, demo=demo)
    output = root / "output"
    settings = {"PLUGINS": search_plugins(), "CACHE_PATH": str(root / "cache"), **(extra or {})}
    build_site(content, output, extra=settings)
    return output


# slug -> (title, date, category, tags, body)
ARTICLES = {
    "dang-bo-xa-phuoc-son-ket-nap-dang-vien-moi": (
        "Đảng bộ xã Phước Sơn kết nạp 12 đảng viên mới",
        "2023-04-10T08:00:00+07:00",
        "Xây dựng Đảng",
        "Đảng viên",
        "Ngày 10/4, Đảng bộ xã Phước Sơn tổ chức lễ kết nạp 12 đảng viên mới. Đồng chí Bí thư "
        "Đảng ủy xã trao quyết định và nhắc nhở các đảng viên mới giữ gìn phẩm chất.",
    ),
    "giai-ngan-von-dau-tu-cong-6-thang-dat-45-ke-hoach": (
        "Giải ngân vốn đầu tư công 6 tháng đạt 45% kế hoạch",
        "2024-07-05T09:30:00+07:00",
        "Kinh tế",
        "Kế hoạch vốn",
        "Sở Tài chính cho biết tỉnh đã giải ngân hơn 2.100 tỷ đồng vốn đầu tư công. Các chủ đầu "
        "tư được yêu cầu đẩy nhanh tiến độ, nhất là các dự án chuyển tiếp.",
    ),
    "nang-cap-duong-tinh-830-qua-huyen-duc-hoa": (
        "Nâng cấp đường tỉnh 830 qua huyện Đức Hòa",
        "2022-09-14T07:15:00+07:00",
        "Giao thông",
        "Hạ tầng",
        "Tuyến đường tỉnh 830 dài 18 km được mở rộng lên bốn làn xe. Người dân Đức Hòa đồng tình "
        "bàn giao mặt bằng để công trình về đích đúng hẹn.",
    ),
    "phat-trien-duoc-lieu-sam-ngoc-linh-o-vung-cao": (
        "Phát triển dược liệu sâm Ngọc Linh ở vùng cao",
        "2021-11-02T10:00:00+07:00",
        "Nông nghiệp",
        "Dược liệu",
        "Cây sâm Ngọc Linh là sản phẩm chủ lực, giúp đồng bào nâng cao thu nhập. Huyện hỗ trợ "
        "giống và kỹ thuật trồng dưới tán rừng.",
    ),
    "huong-dan-dang-ky-cu-tru-truc-tuyen": (
        "Hướng dẫn đăng ký cư trú trực tuyến",
        "2025-02-11T14:00:00+07:00",
        "Thông báo",
        "Cư trú",
        "Công an tỉnh hướng dẫn người dân đăng ký cư trú trên cổng dịch vụ công. Thủ tục đăng ký "
        "thường trú được giải quyết trong bảy ngày làm việc.",
    ),
    "tang-truong-kinh-te-quy-i-dat-7-2": (
        "Tăng trưởng kinh tế quý I đạt 7,2%",
        "2025-04-02T16:00:00+07:00",
        "Kinh tế",
        "Tăng trưởng",
        "Tốc độ tăng trưởng tổng sản phẩm trên địa bàn quý I ước đạt 7,2%, cao hơn cùng kỳ. Khu "
        "vực công nghiệp và xây dựng giữ vai trò dẫn dắt.",
    ),
    "dau-tu-co-so-vat-chat-cho-truong-hoc-vung-sau": (
        "Đầu tư cơ sở vật chất cho trường học vùng sâu",
        "2024-09-01T07:00:00+07:00",
        "Giáo dục",
        "Trường học",
        "Nhiều trường học ở vùng sâu đã có phòng học mới. Ngành giáo dục cố gắng hoàn thiện cơ sở "
        "vật chất trước năm học mới.",
    ),
    "nguoi-dan-dang-cho-boi-thuong-giai-phong-mat-bang": (
        "Người dân đang chờ bồi thường giải phóng mặt bằng",
        "2023-12-20T11:00:00+07:00",
        "Giao thông",
        "Mặt bằng",
        "Nhiều hộ dân đang chờ nhận tiền bồi thường. Chính quyền đang rà soát hồ sơ, đang đối "
        "thoại để giải phóng mặt bằng dứt điểm.",
    ),
}


def write_corpus(root: Path, *, demo: bool = False) -> Path:
    """Copy content/ and add ARTICLES under content/kiem-thu-tim-kiem/; returns the content dir.

    With `demo`, also crawl the bundled demo portal (tests/fixtures/demo_portal, served on
    127.0.0.1 by tools.demo) and merge its articles and images into the content.
    """
    content = root / "content"
    shutil.copytree(PROJECT_ROOT / "content", content)
    if demo:
        # In a subprocess: Scrapy's reactor must not share the test process's event loop
        # (Playwright's sync API owns it).
        script = (
            "import sys; from pathlib import Path; from tools.demo import crawl_demo; "
            "sys.exit(crawl_demo(Path(sys.argv[1]), Path(sys.argv[2]), progress=False))"
        )
        result = subprocess.run(
            [sys.executable, "-c", script, str(root / "demo-content"), str(root / "captures")],
            cwd=PROJECT_ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=600,
        )
        if result.returncode != 0:
            raise RuntimeError(f"crawling the demo portal failed:\n{result.stdout}")
        # articles and their images (content/images/...) merged into the content folder
        shutil.copytree(root / "demo-content", content, dirs_exist_ok=True)
    folder = content / "kiem-thu-tim-kiem"
    folder.mkdir()
    for slug, (title, date, category, tags, body) in ARTICLES.items():
        text = (
            f"Title: {title}\nDate: {date}\nCategory: {category}\nTags: {tags}\n"
            f"Slug: {slug}\nLang: vi\n\n{body}\n"
        )
        (folder / f"{slug}.md").write_text(text, encoding="utf-8")
    return content
