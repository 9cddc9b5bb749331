# ruff: noqa: E501 - page templates are long literal lines
"""HTML of the government-CMS test portal (tools/make_gov_portal.py): an ASP.NET WebForms page
(XHTML doctype, the whole body in <form id="aspnetForm"> with a __VIEWSTATE, a table layout with
a left menu, the main column and a right sidebar) and what goes in its main column."""

from __future__ import annotations

import base64
import hashlib
from html import escape

from tools import gov_portal_text as text
from tools.demo_portal import GOV_ORIGIN
from tools.gov_portal_articles import (
    INTERNAL_CATEGORY,
    PAGE_SIZE,
    SAVED,
    Block,
    Category,
    Figure,
    GovArticle,
    categories,
    section_url,
    vn_day,
)

RSS_URL = "/rss/tin-tuc.rss"
CSS_URL = "/App_Themes/Default/style.css"
EMBLEM_URL = "/App_Themes/Default/images/quoc-huy.png"
SCRIPT_URL = "/Scripts/xem-them.js"
CONTROL = "ctl00_PlaceHolderMain_ctl00"  # ASP.NET's client ids of the article control

POSTBACK = """<script type="text/javascript">
//<![CDATA[
var theForm = document.forms['aspnetForm'];
function __doPostBack(eventTarget, eventArgument) {
    if (!theForm.onsubmit || (theForm.onsubmit() != false)) {
        theForm.__EVENTTARGET.value = eventTarget;
        theForm.__EVENTARGUMENT.value = eventArgument;
        theForm.submit();
    }
}
//]]>
</script>"""


def load_more_url(slug: str, page: int) -> str:
    return f"/Ajax/LoadMore.ashx?cat={slug}&page={page}"


def viewstate(key: str) -> str:
    digest = b"".join(hashlib.sha256(f"{key}:{n}".encode()).digest() for n in range(3))
    return "/wEPDwUKMTM0NTY3ODkwMg9kFgJmD2QWAgIDD2QW" + base64.b64encode(digest).decode()


def left_menu() -> str:
    items = [
        '<li><a href="/">Trang chủ</a></li>',
        '<li><a href="/Pages/gioi-thieu.aspx">Giới thiệu</a></li>',
    ]
    for slug, name in text.SECTIONS.items():
        subs = "".join(
            f'<li><a href="{c.url}">{escape(c.name)}</a></li>'
            for c in categories()
            if c.section and c.section[1] == section_url(slug)
        )
        items.append(f'<li><a href="{section_url(slug)}">{escape(name)}</a><ul>{subs}</ul></li>')
    items.append(f'<li><a href="{INTERNAL_CATEGORY.url}">{escape(INTERNAL_CATEGORY.name)}</a></li>')
    items.append('<li><a href="/Pages/lien-he.aspx">Liên hệ</a></li>')
    return (
        '<div class="MenuTrai">\n<div class="TieuDeKhoi">Danh mục</div>\n<ul>\n'
        + "\n".join(items)
        + "\n</ul>\n</div>"
    )


def right_column(most_read: list[GovArticle]) -> str:
    # absolute links, as this CMS prints them in its widgets
    items = "\n".join(
        f'<li><a href="{GOV_ORIGIN}{a.url}">{escape(a.title)}</a></li>' for a in most_read
    )
    return f"""<div class="KhoiPhai">
<div class="TieuDeKhoi">Tin xem nhiều</div>
<ul class="TinXemNhieu">
{items}
</ul>
</div>
<div class="KhoiPhai">
<div class="TieuDeKhoi">Liên kết website</div>
<select name="ctl00$ddlLienKet" id="ctl00_ddlLienKet" onchange="if(this.value!='')window.open(this.value);">
<option value="">-- Chọn liên kết --</option>
<option value="http://anhoa.example/">Cổng thông tin điện tử tỉnh An Hòa</option>
<option value="http://baoanhoa.example/">Báo An Hòa</option>
</select>
</div>
<div class="KhoiPhai ThongKe">Lượt truy cập: 1.284.517</div>"""


FOOTER = f"""<div id="footer">
<p>Cơ quan chủ quản: Ủy ban nhân dân huyện Tân Lập, tỉnh An Hòa</p>
<p>Địa chỉ: Số 12 đường 30 Tháng 4, thị trấn Tân Lập, huyện Tân Lập, tỉnh An Hòa - Điện thoại: 0200 3850 000 - Email: ubnd@tanlap.anhoa.example</p>
<p>Chịu trách nhiệm chính: Chánh Văn phòng HĐND và UBND huyện Tân Lập</p>
<p>Bản quyền thuộc về {text.OWNER}. Ghi rõ nguồn “{text.SITE_NAME}” khi phát hành lại thông tin từ website này.</p>
<p class="GhiChu">Trang mẫu viết cho dự án lưu trữ (dữ liệu hư cấu, dùng để thử nghiệm).</p>
</div>"""


def vn_number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def page(
    title: str,
    main: str,
    *,
    action: str,
    most_read: list[GovArticle],
    description: str = text.SITE_DESCRIPTION,
    scripts: str = "",
) -> str:
    """A whole page. `title` is the <title> text (ASP.NET prints it on its own indented line)."""
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="vi" lang="vi">
<head id="ctl00_Head1"><meta http-equiv="Content-Type" content="text/html; charset=utf-8" /><title>
\t{escape(title)}
</title><meta name="description" content="{escape(description)}" /><meta name="keywords" content="UBND huyện Tân Lập, Tân Lập, An Hòa" /><link href="{CSS_URL}" type="text/css" rel="stylesheet" /><link rel="alternate" type="application/rss+xml" title="Tin tức - UBND huyện Tân Lập" href="{RSS_URL}" /></head>
<body>
<form name="aspnetForm" method="post" action="{escape(action)}" id="aspnetForm">
<div>
<input type="hidden" name="__EVENTTARGET" id="__EVENTTARGET" value="" />
<input type="hidden" name="__EVENTARGUMENT" id="__EVENTARGUMENT" value="" />
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="{viewstate(action)}" />
</div>
{POSTBACK}
<div id="wrapper">
<div id="banner"><img src="{EMBLEM_URL}" alt="Quốc huy" width="64" height="64" /><h1 class="TenCong"><a href="/">{escape(text.SITE_NAME)}</a></h1><div class="TenTinh">{text.PROVINCE}</div></div>
<div id="topbar"><span id="ctl00_lblHomNay" class="HomNay">Hôm nay: {vn_day(SAVED)}</span> <span class="LienKetNhanh"><a href="/">Trang chủ</a> | <a href="/Pages/lien-he.aspx">Liên hệ</a> | <a href="{RSS_URL}">RSS</a></span> <span class="TimKiem"><input name="ctl00$txtTimKiem" type="text" id="ctl00_txtTimKiem" /><input type="submit" name="ctl00$btnTimKiem" value="Tìm kiếm" id="ctl00_btnTimKiem" /></span></div>
<table id="khung" width="100%" border="0" cellpadding="0" cellspacing="0">
<tr>
<td id="cotTrai" valign="top" width="200">
{left_menu()}
</td>
<td id="cotGiua" valign="top">
{main}
</td>
<td id="cotPhai" valign="top" width="220">
{right_column(most_read)}
</td>
</tr>
</table>
{FOOTER}
</div>
</form>
{scripts}</body>
</html>
"""


def breadcrumb(*links: tuple[str, str]) -> str:
    """Plain links separated by " > ": Trang chủ > Tin tức - Sự kiện > Tin hoạt động."""
    parts = ['<a href="/">Trang chủ</a>'] + [f'<a href="{u}">{escape(n)}</a>' for n, u in links]
    return f'<div class="DuongDan">{" &gt; ".join(parts)}</div>'


def category_trail(category: Category) -> str:
    links = [category.section] if category.section else []
    return breadcrumb(*links, (category.name, category.url))


def _style(align: str, article: GovArticle) -> str:
    return f'style="text-align: {align}{"" if article.tight_styles else ";"}"'


def figure_html(figure: Figure, article: GovArticle) -> str:
    img = (
        f'<img src="{figure.src}" alt="{escape(figure.caption or "") if figure.style == "center" else ""}"'
        f' width="{figure.width}" height="{figure.height}" border="0" />'
    )
    if figure.style == "table":
        caption = (
            f'<tr><td class="caption" align="center">{escape(figure.caption)}</td></tr>\n'
            if figure.caption
            else ""
        )
        return (
            '<table class="image" align="center" border="0" cellpadding="2" cellspacing="0"'
            f' width="90%">\n<tbody>\n<tr><td align="center">{img}</td></tr>\n{caption}</tbody>\n</table>'
        )
    html = f'<p style="text-align:center">{img}</p>'
    if figure.caption:
        html += f'\n<p style="text-align:center"><em>{escape(figure.caption)}</em></p>'
    return html


def block_html(block: Block, article: GovArticle) -> str:
    justify = _style("justify", article)
    if block.kind == "p":
        return f"<p {justify}>{escape(block.text)}</p>"
    if block.kind == "sub":
        return f"<p {justify}><strong>{escape(block.text)}</strong></p>"
    if block.kind == "lines":
        return f"<div {justify}>{'<br />'.join(escape(x) for x in block.lines)}</div>"
    if block.kind == "figure" and block.figure:
        return figure_html(block.figure, article)
    return "<p>&nbsp;</p>"


def content_html(article: GovArticle) -> str:
    """The article's content: the bold lead first, the body, the right-aligned byline last."""
    if article.lead_style == "div-bold":
        lead = f'<div style="font-weight: bold; text-align: justify;">{escape(article.lead)}</div>'
    else:
        lead = f"<p {_style('justify', article)}><strong>{escape(article.lead)}</strong></p>"
    parts = [lead] + [block_html(b, article) for b in article.blocks]
    wrap = {"strong": "<strong>{}</strong>", "em": "<em>{}</em>", "plain": "{}"}
    for markup, line in article.byline.lines:
        parts.append(f"<p {_style('right', article)}>{wrap[markup].format(escape(line))}</p>")
    return "\n".join(parts)


def related_block(label: str, items: list[GovArticle]) -> str:
    if not items:
        return ""
    rows = "\n".join(
        f'<li><a href="{a.url}">{escape(a.title)}</a> <span class="NgayTin">({a.date:%d/%m/%Y})</span></li>'
        for a in items
    )
    return f'<div class="KhoiTinKhac">\n<div class="TieuDeKhoi">{label}</div>\n<ul class="DanhSachTinKhac">\n{rows}\n</ul>\n</div>\n'


def article_page(article: GovArticle, most_read: list[GovArticle]) -> str:
    main = f"""{category_trail(article.category)}
<div class="ChiTietTin">
<span id="{CONTROL}_lblTitle" class="TieuDe">{escape(article.title)}</span>
<div class="ThongTinBai"><span id="{CONTROL}_lblNgayDang" class="NgayDang">Ngày đăng: {article.date:%d/%m/%Y %H:%M}</span> | <span class="LuotXem">Lượt xem: {vn_number(article.views)}</span></div>
<div class="CongCu"><a href="javascript:window.print();">In bài viết</a> | <a href="javascript:__doPostBack('ctl00$PlaceHolderMain$ctl00$lnkGuiEmail','')">Gửi email</a> | <a href="javascript:history.back();">Quay lại</a></div>
<div id="{CONTROL}_divNoiDung" class="NoiDung">
{content_html(article)}
</div>
</div>
{related_block("Các tin đã đưa", article.older)}{related_block("Tin cùng chuyên mục", article.same_category)}"""
    return page(
        f"{article.title} - {text.SITE_NAME}",
        main,
        action=f"./{article.url.rsplit('/', 1)[1]}",
        most_read=most_read,
        description=article.description,
    )


def list_item(article: GovArticle) -> str:
    figures = article.figures()
    thumb = (
        f'<img class="AnhDaiDien" src="{figures[0].src}" alt="" width="80" height="48" />'
        if figures
        else ""
    )
    return (
        f'<div class="TinItem">{thumb}<a class="TieuDeTin" href="{article.url}">{escape(article.title)}</a>'
        f' <span class="NgayDang">({article.date:%d/%m/%Y})</span><div class="TomTat">{escape(article.lead)}</div></div>'
    )


def category_page(category: Category, items: list[GovArticle], most_read: list[GovArticle]) -> str:
    """The newest PAGE_SIZE items and, when there may be more, the "Xem thêm" button (no
    numbered pages)."""
    rows = "\n".join(list_item(a) for a in items[:PAGE_SIZE])
    more = ""
    if len(items) >= PAGE_SIZE:
        url = escape(load_more_url(category.slug, 2))
        more = f'<div class="XemThem"><a href="javascript:void(0);" id="btnXemThem" class="btnXemThem" data-url="{url}">Xem thêm</a></div>\n'
    main = f"""{category_trail(category)}
<div class="TieuDeChuyenMuc">{escape(category.name)}</div>
<div class="DanhSachTin" id="ctl00_PlaceHolderMain_dsTin">
{rows}
</div>
{more}"""
    script = f'<script type="text/javascript" src="{SCRIPT_URL}"></script>\n' if more else ""
    name = category.url.rsplit("/", 1)[1]
    return page(
        f"{category.name} - {text.SITE_NAME}",
        main,
        action=f"./{name}",
        most_read=most_read,
        scripts=script,
    )


def text_page(
    title: str, trail: str, paragraphs: list[str], action: str, most_read: list[GovArticle]
) -> str:
    body = "\n".join(f'<p style="text-align: justify;">{escape(p)}</p>' for p in paragraphs)
    main = f'{trail}\n<div class="TieuDeChuyenMuc">{escape(title)}</div>\n<div class="NoiDung">\n{body}\n</div>\n'
    return page(f"{title} - {text.SITE_NAME}", main, action=action, most_read=most_read)


def home_page(most_read: list[GovArticle]) -> str:
    """No article list: the home page introduces the district and links the sections."""
    sections = []
    for slug, name in text.SECTIONS.items():
        links = " | ".join(
            f'<a href="{c.url}">{escape(c.name)}</a>'
            for c in categories()
            if c.section and c.section[1] == section_url(slug)
        )
        sections.append(
            f'<div class="KhoiTrangChu"><div class="TieuDeKhoi"><a href="{section_url(slug)}">{escape(name)}</a></div><p>{links}</p></div>'
        )
    main = f"""<div class="GioiThieuNgan"><p style="text-align: justify;">Chào mừng bạn đến với {escape(text.SITE_NAME)}, tỉnh An Hòa. Cổng thông tin cung cấp tin tức, sự kiện, thông tin chỉ đạo điều hành và thông báo của Ủy ban nhân dân huyện.</p></div>
{chr(10).join(sections)}
"""
    return page(text.SITE_NAME, main, action="./", most_read=most_read)


def section_page(slug: str, name: str, most_read: list[GovArticle]) -> str:
    rows = "\n".join(
        f'<li><a href="{c.url}">{escape(c.name)}</a></li>'
        for c in categories()
        if c.section and c.section[1] == section_url(slug)
    )
    main = f'{breadcrumb((name, section_url(slug)))}\n<div class="TieuDeChuyenMuc">{escape(name)}</div>\n<ul class="DanhMucCon">\n{rows}\n</ul>\n'
    return page(f"{name} - {text.SITE_NAME}", main, action=f"./{slug}.aspx", most_read=most_read)


def internal_listing(pages: list[GovArticle], most_read: list[GovArticle]) -> str:
    rows = "\n".join(list_item(p) for p in pages)
    main = f"""{category_trail(INTERNAL_CATEGORY)}
<div class="TieuDeChuyenMuc">{INTERNAL_CATEGORY.name}</div>
<div class="DanhSachTin">
{rows}
</div>
"""
    return page(
        f"{INTERNAL_CATEGORY.name} - {text.SITE_NAME}",
        main,
        action="./Default.aspx",
        most_read=most_read,
    )
