# ruff: noqa: E501 - the page is HTML written as one literal; its lines are data
"""A page in the older ASP.NET style that provincial committees still run (written for the tests,
fictional): the page's only <h1> is the portal's name, the headline is a styled <span>, <title>
is "Headline - portal", a "Hôm nay" line in the header, the lead a bold block, a caption in a
table cell, the byline the last right-aligned paragraph followed by the author's unit, related
news under the portal's own label and a most-read box."""

PORTAL = "Cổng thông tin điện tử UBND huyện Tân Lập"
TITLE = "Huyện Tân Lập triển khai kế hoạch chuyển đổi số năm 2025"
LEAD = (
    "Chiều 14/3, UBND huyện Tân Lập tổ chức hội nghị triển khai kế hoạch chuyển đổi số năm 2025"
    " với sự tham dự của lãnh đạo các phòng, ban và 12 xã, thị trấn."
)
FIRST = "Phát biểu tại hội nghị, đồng chí Phó Chủ tịch UBND huyện nhấn mạnh chuyển đổi số"
LAST = (
    "Các đơn vị báo cáo kết quả thực hiện về Văn phòng HĐND và UBND huyện trước ngày 25 hằng tháng."
)
CAPTION = "Quang cảnh hội nghị triển khai kế hoạch chuyển đổi số. Ảnh: Minh Thư"
RELATED = [
    ("Huyện Tân Lập tổng kết công tác cải cách hành chính năm 2024", "10/03/2025"),
    ("Tân Lập đẩy mạnh thanh toán không dùng tiền mặt tại các xã", "02/03/2025"),
]
MOST_READ = "Thông báo lịch tiếp công dân của Chủ tịch UBND huyện tháng 3"

PAGE = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "">
<html xmlns="http://www.w3.org/1999/xhtml"><head><meta http-equiv="Content-Type"
content="text/html; charset=utf-8" /><title>{TITLE} - {PORTAL}</title>
<meta name="description" content="Cổng thông tin điện tử huyện Tân Lập, tỉnh An Hòa" /></head>
<body><form name="aspnetForm" method="post" action="chi-tiet.aspx?ItemID=1234" id="aspnetForm">
<div id="banner"><h1>{PORTAL}</h1><div class="ngay">Hôm nay: Thứ Hai, 30/06/2025</div></div>
<table width="100%"><tr><td class="leftmenu" valign="top"><ul class="menu">
<li><a href="/Pages/tin-tuc.aspx">Tin tức - Sự kiện</a></li><li><a href="/tin-khac.aspx">Tin khác</a></li>
</ul></td><td valign="top">
<div class="duongdan"><a href="/">Trang chủ</a> &gt; <a href="/tin-tuc.aspx">Tin tức - Sự kiện</a>
 &gt; <a href="/tin-hoat-dong.aspx">Tin hoạt động</a></div>
<span id="ctl00_PlaceHolderMain_lblTitle" class="TieuDe" style="font-size:14pt;color:#036">{TITLE}</span>
<div class="NgayDang">Ngày đăng: 14/03/2025 16:35</div>
<div id="ctl00_PlaceHolderMain_NoiDung">
<p><strong>{LEAD}</strong></p>
<p style="text-align: justify">{FIRST} là nhiệm vụ trọng tâm, cần sự vào cuộc của cả hệ thống chính trị.</p>
<table class="image" align="center"><tr><td><img src="/Uploads/hoi-nghi.png" /></td></tr>
<tr><td class="caption">{CAPTION}</td></tr></table>
<p style="text-align: justify">Năm 2025, huyện phấn đấu 80% hồ sơ thủ tục hành chính được tiếp nhận trực tuyến toàn trình, 100% cán bộ sử dụng chữ ký số.</p>
<p style="text-align: justify">{LAST}</p>
<p style="text-align: right"><strong>Nguyễn Văn An</strong></p>
<p style="text-align: right">Văn phòng HĐND và UBND huyện</p>
</div>
<div class="tinkhac"><div class="TieuDeTinKhac">Các tin đã đưa</div><ul>
{"".join(f'<li><a href="/Pages/chi-tiet.aspx?ItemID={1200 + i}">{t}</a> ({d})</li>' for i, (t, d) in enumerate(RELATED))}
</ul></div>
</td><td class="rightcol" valign="top"><div class="box"><div class="boxtitle">Tin xem nhiều</div>
<ul><li><a href="/Pages/chi-tiet.aspx?ItemID=999">{MOST_READ}</a></li></ul></div></td></tr></table>
<div id="footer">Bản quyền thuộc về UBND huyện Tân Lập, tỉnh An Hòa</div>
</form></body></html>"""
