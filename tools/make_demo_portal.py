# ruff: noqa: E501 - the page templates and the sentence bank are long literal lines
"""Generate the bundled offline demo portal (tests/fixtures/demo_portal/), deterministically.

The portal is fictional ("Cổng thông tin điện tử Tỉnh ủy An Hòa") and written for the project:
a home page, six category listings with numbered pagination, 72 articles over 2023-2025 with a
date line, sapo, body, figures with captions (tiny self-made PNGs), a byline (sometimes as the last
short paragraph), several "Các tin khác" blocks with repeated titles, breadcrumbs, menus, a share
bar, a footer and robots.txt. Run `python -m tools.make_demo_portal` to regenerate; the output is
committed and byte-identical from run to run.

A second, smaller portal is made from the same parts (`TANPHUOC`, in tests/fixtures/
demo_portal_tanphuoc/): "Cổng thông tin điện tử huyện Tân Phước", a district of the same
province that stopped on 01/07/2025 when district governments were abolished (its record in
portals.toml says so); `make demo` crawls both. `python -m tools.make_demo_portal --all`
regenerates both.
"""

from __future__ import annotations

import html
import random
import shutil
import struct
import sys
import zlib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from slugify import slugify

ROOT = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "demo_portal"
SITE_NAME = "Cổng thông tin điện tử Tỉnh ủy An Hòa"
PER_PAGE = 5
SEED = 20250528

CATEGORIES = [
    ("tin-hoat-dong", "Tin hoạt động", ["sap-xep", "chuyen-doi-so"]),
    ("xay-dung-dang", "Xây dựng Đảng", ["xay-dung-dang"]),
    ("kinh-te", "Kinh tế", ["dau-tu-cong", "giao-thong", "nong-nghiep"]),
    ("van-hoa-xa-hoi", "Văn hóa - Xã hội", ["an-sinh", "van-hoa-giao-duc"]),
    ("quoc-phong-an-ninh", "Quốc phòng - An ninh", ["an-ninh"]),
    ("thong-bao", "Thông báo", ["thong-bao"]),
]
ARTICLES_PER_CATEGORY = 12

PLACES = [
    "Thành phố Tân An Hòa",
    "Huyện Tân Phước",
    "Huyện Mỹ Lợi",
    "Thị xã Phú Long",
    "Huyện Đức An",
    "Huyện Cần Thạnh",
    "Huyện Bình Giang",
    "Huyện Thạnh Hưng",
    "Huyện Châu Thới",
    "Huyện Vĩnh Đông",
]
AUTHORS = [
    "Trường Phúc",
    "Minh Thư",
    "Hoàng Duy",
    "Ngọc Hân",
    "Thanh Tùng",
    "Kim Ngân",
    "Văn Tú",
    "Bảo Trâm",
    "Quốc Việt",
    "Diệu Linh",
]

# topic -> (title actions, lead templates, body sentences, caption templates, tags)
TOPICS: dict[str, dict[str, list[str]]] = {
    "dau-tu-cong": {
        "titles": [
            "Đẩy nhanh tiến độ giải ngân vốn đầu tư công năm {year}",
            "Tháo gỡ vướng mắc trong bồi thường, giải phóng mặt bằng các dự án trọng điểm",
            "Kiểm tra tiến độ thi công các công trình sử dụng vốn ngân sách",
            "Phấn đấu giải ngân 100% kế hoạch vốn đầu tư công được giao",
        ],
        "leads": [
            "Chiều ngày {d}, {place} tổ chức hội nghị đánh giá tình hình giải ngân vốn đầu tư công"
            " và đề ra giải pháp tháo gỡ khó khăn, vướng mắc cho các dự án chậm tiến độ.",
            "Thực hiện chỉ đạo của Tỉnh ủy, {place} tập trung rà soát từng dự án, kiên quyết không"
            " để tình trạng vốn chờ dự án, có vốn mà không giải ngân được.",
        ],
        "body": [
            "Đến hết tháng {month}, tổng vốn đầu tư công đã giải ngân đạt {pct}% kế hoạch, cao hơn"
            " cùng kỳ năm trước.",
            "Một số dự án còn vướng mắc về hồ sơ, thủ tục đất đai và nguồn vật liệu san lấp nên"
            " tiến độ thi công chưa đạt yêu cầu.",
            "Lãnh đạo địa phương yêu cầu các chủ đầu tư lập kế hoạch giải ngân chi tiết theo từng"
            " tháng, gắn trách nhiệm người đứng đầu với kết quả giải ngân.",
            "Các nhà thầu cam kết tăng cường nhân lực, máy móc, thi công cả ngày nghỉ để bù lại"
            " thời gian chậm trễ, bảo đảm chất lượng công trình.",
            "Tổ công tác đặc biệt của tỉnh sẽ kịp thời tháo gỡ, xử lý các khó khăn của các dự án"
            " trọng điểm trên địa bàn, nhất là các công trình giao thông.",
            "Tỉnh kiên quyết điều chuyển vốn từ các dự án chậm giải ngân sang các dự án có khả"
            " năng giải ngân tốt hơn.",
        ],
        "captions": [
            "Quang cảnh hội nghị đánh giá tình hình giải ngân vốn đầu tư công",
            "Công trình trọng điểm đang được đẩy nhanh tiến độ thi công",
        ],
        "tags": ["đầu tư công", "giải ngân"],
    },
    "giao-thong": {
        "titles": [
            "Khởi công xây dựng tuyến đường kết nối liên vùng",
            "Thông xe kỹ thuật cầu Rạch Tràm trên Đường tỉnh 827",
            "Nâng cấp, mở rộng các trục giao thông kết nối khu công nghiệp",
            "Bảo đảm an toàn giao thông trên các tuyến đường thủy nội địa",
        ],
        "leads": [
            "Sáng ngày {d}, {place} tổ chức lễ khởi công công trình giao thông có tổng mức đầu tư"
            " hơn {money} tỷ đồng, góp phần hoàn thiện hạ tầng kết nối vùng.",
            "Nhằm đáp ứng nhu cầu đi lại của người dân và vận chuyển hàng hóa, {place} đang tập"
            " trung đầu tư nâng cấp các tuyến đường huyết mạch.",
        ],
        "body": [
            "Tuyến đường có chiều dài khoảng {km} km, mặt đường rộng 12 m, được thiết kế theo tiêu"
            " chuẩn đường cấp III đồng bằng.",
            "Khi hoàn thành, công trình sẽ rút ngắn thời gian di chuyển giữa các khu công nghiệp và"
            " cảng biển, giảm áp lực cho quốc lộ.",
            "Đơn vị thi công được yêu cầu bảo đảm an toàn lao động, vệ sinh môi trường và hạn chế"
            " ảnh hưởng đến sinh hoạt của người dân hai bên tuyến.",
            "Người dân vùng dự án đồng thuận cao, nhiều hộ tự nguyện hiến đất, di dời vật kiến trúc"
            " để bàn giao mặt bằng sạch cho nhà thầu.",
            "Lực lượng cảnh sát giao thông tăng cường tuần tra, kiểm soát, xử lý nghiêm các hành vi"
            " vi phạm nồng độ cồn và chạy quá tốc độ.",
        ],
        "captions": [
            "Các đại biểu thực hiện nghi thức khởi công công trình",
            "Tuyến đường mới mở giúp việc đi lại của người dân thuận lợi hơn",
        ],
        "tags": ["giao thông", "hạ tầng"],
    },
    "nong-nghiep": {
        "titles": [
            "Nhân rộng mô hình trồng lúa chất lượng cao, giảm phát thải",
            "Hỗ trợ nông dân chuyển đổi cơ cấu cây trồng thích ứng biến đổi khí hậu",
            "Xây dựng vùng nguyên liệu thanh long đạt chuẩn xuất khẩu",
            "Phòng, chống xâm nhập mặn bảo vệ sản xuất vụ Đông Xuân",
        ],
        "leads": [
            "Năm {year}, {place} tiếp tục triển khai nhiều giải pháp nâng cao giá trị sản xuất nông"
            " nghiệp, gắn với xây dựng nông thôn mới nâng cao.",
            "Ngày {d}, {place} tổ chức hội thảo đầu bờ đánh giá hiệu quả mô hình sản xuất theo"
            " hướng hữu cơ, ứng dụng công nghệ cao.",
        ],
        "body": [
            "Diện tích tham gia mô hình đạt hơn {ha} ha, năng suất bình quân tăng 8% so với sản xuất"
            " truyền thống.",
            "Nông dân được tập huấn kỹ thuật canh tác, sử dụng phân bón hợp lý, giảm lượng giống và"
            " thuốc bảo vệ thực vật.",
            "Các hợp tác xã liên kết với doanh nghiệp bao tiêu sản phẩm, giúp người dân yên tâm sản"
            " xuất.",
            "Ngành nông nghiệp theo dõi chặt chẽ diễn biến độ mặn, vận hành các cống ngăn mặn, giữ"
            " ngọt phục vụ sản xuất và sinh hoạt.",
            "Nhiều hộ dân mạnh dạn chuyển đất lúa kém hiệu quả sang trồng cây ăn trái, thu nhập tăng"
            " gấp hai đến ba lần.",
        ],
        "captions": [
            "Nông dân thu hoạch lúa trên cánh đồng mẫu lớn",
            "Mô hình sản xuất ứng dụng công nghệ cao mang lại hiệu quả kinh tế",
        ],
        "tags": ["nông nghiệp", "nông thôn mới"],
    },
    "xay-dung-dang": {
        "titles": [
            "Nâng cao chất lượng sinh hoạt chi bộ ở cơ sở",
            "Tăng cường công tác kiểm tra, giám sát theo phương châm “chủ động, kịp thời, trọng tâm,"
            " trọng điểm”",
            "Hội nghị lần thứ {conf} Ban Chấp hành Đảng bộ tỉnh (khóa XI)",
            "Trao Huy hiệu Đảng cho đảng viên cao tuổi Đảng",
            "Chuẩn bị chu đáo đại hội đảng bộ các cấp nhiệm kỳ 2025 - 2030",
        ],
        "leads": [
            "Ngày {d}, Ban Thường vụ Tỉnh ủy chủ trì hội nghị sơ kết công tác xây dựng Đảng và hệ"
            " thống chính trị, đề ra nhiệm vụ trọng tâm thời gian tới.",
            "Thực hiện Nghị quyết Trung ương 4 khóa XII, {place} đã tập trung đổi mới nội dung, hình"
            " thức sinh hoạt chi bộ, nâng cao năng lực lãnh đạo và sức chiến đấu của tổ chức đảng.",
        ],
        "body": [
            "Các cấp ủy đảng đã quán triệt, triển khai nghiêm túc các nghị quyết, chỉ thị của Trung"
            " ương và của Tỉnh ủy.",
            "Công tác phát triển đảng viên được quan tâm, {n} quần chúng ưu tú được kết nạp vào"
            " Đảng trong {months} tháng đầu năm.",
            "Ủy ban Kiểm tra các cấp đã kiểm tra khi có dấu hiệu vi phạm đối với một số tổ chức"
            " đảng và đảng viên, kịp thời chấn chỉnh những hạn chế.",
            "Hội nghị yêu cầu người đứng đầu cấp ủy phát huy tinh thần trách nhiệm, nêu gương, nói"
            " đi đôi với làm.",
            "Việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh tiếp tục được đẩy"
            " mạnh, gắn với nhiệm vụ chính trị của từng địa phương, đơn vị.",
            "Công tác chính trị tư tưởng, nắm bắt tâm tư, nguyện vọng của cán bộ, đảng viên và Nhân"
            " dân được tăng cường.",
        ],
        "captions": [
            "Đồng chí Bí thư Tỉnh ủy phát biểu chỉ đạo hội nghị",
            "Các đại biểu biểu quyết thông qua nghị quyết hội nghị",
        ],
        "tags": ["xây dựng Đảng", "công tác kiểm tra"],
    },
    "sap-xep": {
        "titles": [
            "Triển khai phương án sắp xếp đơn vị hành chính cấp xã",
            "Lấy ý kiến Nhân dân về đề án sắp xếp đơn vị hành chính",
            "Bảo đảm hoạt động thông suốt sau khi sắp xếp tổ chức bộ máy",
        ],
        "leads": [
            "Ngày {d}, {place} tổ chức hội nghị triển khai kế hoạch sắp xếp đơn vị hành chính cấp"
            " xã, bảo đảm đúng tiến độ và yêu cầu đề ra.",
            "Quá trình sắp xếp tổ chức bộ máy được thực hiện chặt chẽ, công khai, dân chủ, tạo sự"
            " đồng thuận cao trong cán bộ, đảng viên và Nhân dân.",
        ],
        "body": [
            "Sau sắp xếp, toàn tỉnh dự kiến còn {n} đơn vị hành chính cấp xã, giảm gần một nửa so"
            " với trước.",
            "Việc lấy ý kiến cử tri được tổ chức ở tất cả các ấp, khu phố với tỷ lệ đồng thuận đạt"
            " trên 95%.",
            "Các cơ quan, đơn vị rà soát trụ sở làm việc, phương tiện, bố trí nơi làm việc phù hợp"
            " cho cán bộ, công chức sau sắp xếp.",
            "Chế độ, chính sách đối với cán bộ, công chức dôi dư được giải quyết kịp thời, đúng quy"
            " định.",
            "Người dân được hướng dẫn cụ thể việc chuyển đổi giấy tờ, bảo đảm không phát sinh thủ"
            " tục, chi phí.",
        ],
        "captions": [
            "Cử tri cho ý kiến về đề án sắp xếp đơn vị hành chính",
            "Trụ sở làm việc của đơn vị hành chính mới",
        ],
        "tags": ["sắp xếp đơn vị hành chính", "tinh gọn bộ máy"],
    },
    "chuyen-doi-so": {
        "titles": [
            "Đẩy mạnh chuyển đổi số trong các cơ quan Đảng",
            "Ra mắt mô hình “Bình dân học vụ số” tại cơ sở",
            "Nâng cao tỷ lệ hồ sơ thủ tục hành chính trực tuyến toàn trình",
        ],
        "leads": [
            "Thực hiện Nghị quyết số 57-NQ/TW của Bộ Chính trị, {place} xác định chuyển đổi số là"
            " nhiệm vụ trọng tâm, xuyên suốt trong năm {year}.",
            "Sáng ngày {d}, {place} ra mắt tổ công nghệ số cộng đồng nhằm hỗ trợ người dân sử dụng"
            " dịch vụ công trực tuyến.",
        ],
        "body": [
            "Tỷ lệ hồ sơ giải quyết trực tuyến toàn trình đạt {pct}%, vượt chỉ tiêu tỉnh giao.",
            "Hệ thống quản lý văn bản và điều hành được triển khai đến 100% chi bộ trực thuộc.",
            "Đoàn viên thanh niên đến từng hộ dân hướng dẫn cài đặt ứng dụng định danh điện tử và"
            " thanh toán không dùng tiền mặt.",
            "Địa phương đầu tư nâng cấp hạ tầng mạng, bảo đảm an toàn, an ninh thông tin cho các hệ"
            " thống dùng chung.",
            "Cán bộ, công chức được bồi dưỡng kỹ năng số, khai thác hiệu quả cơ sở dữ liệu quốc gia"
            " về dân cư.",
        ],
        "captions": [
            "Tổ công nghệ số cộng đồng hướng dẫn người dân sử dụng dịch vụ công",
            "Bộ phận một cửa tiếp nhận hồ sơ trực tuyến",
        ],
        "tags": ["chuyển đổi số", "dịch vụ công"],
    },
    "an-sinh": {
        "titles": [
            "Bàn giao nhà đại đoàn kết cho hộ nghèo",
            "Hoàn thành xóa nhà tạm, nhà dột nát trước thời hạn",
            "Chăm lo Tết cho gia đình chính sách, người có công",
        ],
        "leads": [
            "Ngày {d}, {place} tổ chức bàn giao {n} căn nhà đại đoàn kết cho hộ nghèo, hộ có hoàn"
            " cảnh khó khăn về nhà ở.",
            "Với tinh thần “không để ai bị bỏ lại phía sau”, {place} huy động mọi nguồn lực chăm lo"
            " đời sống người dân.",
        ],
        "body": [
            "Mỗi căn nhà có tổng kinh phí khoảng 60 triệu đồng, từ nguồn Quỹ Vì người nghèo và sự"
            " đóng góp của các nhà hảo tâm.",
            "Các chính sách an sinh xã hội được quan tâm thực hiện tốt, nhất là đối với các gia đình"
            " chính sách, trẻ em có hoàn cảnh khó khăn.",
            "Mặt trận Tổ quốc và các đoàn thể phối hợp rà soát, lập danh sách hộ cần hỗ trợ, bảo"
            " đảm công khai, đúng đối tượng.",
            "Nhận nhà mới, nhiều gia đình xúc động bày tỏ niềm vui và cảm ơn sự quan tâm của cấp"
            " ủy, chính quyền.",
            "Tỷ lệ hộ nghèo của địa phương giảm còn {pct}%, thu nhập bình quân đầu người tiếp tục"
            " tăng.",
        ],
        "captions": [
            "Lãnh đạo địa phương trao quyết định bàn giao nhà cho hộ dân",
            "Căn nhà đại đoàn kết mới được hoàn thành",
        ],
        "tags": ["an sinh xã hội", "giảm nghèo"],
    },
    "van-hoa-giao-duc": {
        "titles": [
            "Tổng kết năm học, khen thưởng học sinh giỏi cấp tỉnh",
            "Khai mạc Hội thi văn nghệ quần chúng chào mừng ngày lễ lớn",
            "Bảo tồn và phát huy giá trị di tích lịch sử cách mạng",
        ],
        "leads": [
            "Tối ngày {d}, {place} tổ chức chương trình tuyên dương, khen thưởng giáo viên và học"
            " sinh đạt thành tích xuất sắc trong năm học.",
            "Nhằm giáo dục truyền thống cách mạng cho thế hệ trẻ, {place} đầu tư tu bổ, tôn tạo"
            " nhiều di tích lịch sử trên địa bàn.",
        ],
        "body": [
            "Năm học vừa qua, toàn ngành giáo dục có {n} học sinh đạt giải cấp tỉnh và cấp quốc gia.",
            "Hội thi thu hút hơn 300 diễn viên, nghệ sĩ quần chúng đến từ các xã, phường, thị trấn.",
            "Nhiều tiết mục ca ngợi Đảng, Bác Hồ và quê hương được ban giám khảo đánh giá cao.",
            "Địa phương quan tâm xây dựng trường chuẩn quốc gia, kiên cố hóa phòng học, nâng cao"
            " chất lượng dạy và học.",
            "Ban quản lý di tích phối hợp nhà trường tổ chức các buổi học ngoại khóa, giúp học sinh"
            " hiểu hơn về lịch sử địa phương.",
        ],
        "captions": [
            "Các em học sinh nhận giấy khen của Ủy ban nhân dân tỉnh",
            "Tiết mục văn nghệ đặc sắc tại hội thi",
        ],
        "tags": ["giáo dục", "văn hóa"],
    },
    "an-ninh": {
        "titles": [
            "Ra quân tấn công, trấn áp tội phạm, bảo đảm an ninh trật tự dịp Tết",
            "Tăng cường phòng, chống và kiểm soát ma túy trong tình hình mới",
            "Diễn tập khu vực phòng thủ năm {year}",
            "Xây dựng phong trào toàn dân bảo vệ an ninh Tổ quốc vững mạnh",
        ],
        "leads": [
            "Sáng ngày {d}, Công an tỉnh tổ chức lễ ra quân đợt cao điểm tấn công, trấn áp tội phạm,"
            " bảo đảm an ninh chính trị, trật tự an toàn xã hội.",
            "Thời gian qua, {place} triển khai đồng bộ nhiều giải pháp, giữ vững an ninh chính trị,"
            " trật tự an toàn xã hội trên địa bàn.",
        ],
        "body": [
            "Lực lượng chức năng đã điều tra, khám phá {n} vụ phạm pháp hình sự, đạt tỷ lệ trên 85%.",
            "Công an các xã, phường bám sát địa bàn, nắm chắc tình hình, giải quyết kịp thời các vụ"
            " việc phức tạp ngay từ cơ sở.",
            "Cuộc diễn tập diễn ra an toàn, đúng kế hoạch, nâng cao năng lực lãnh đạo, chỉ đạo của"
            " cấp ủy và điều hành của chính quyền.",
            "Mô hình “Camera an ninh” được nhân rộng, góp phần phát hiện, ngăn chặn nhiều hành vi vi"
            " phạm pháp luật.",
            "Nhân dân tích cực cung cấp thông tin, tố giác tội phạm, tham gia tuần tra bảo vệ xóm"
            " ấp.",
        ],
        "captions": [
            "Lực lượng công an tham gia lễ ra quân",
            "Các lực lượng tham gia diễn tập thực binh",
        ],
        "tags": ["an ninh trật tự", "phòng chống tội phạm"],
    },
    "thong-bao": {
        "titles": [
            "Thông báo nghỉ lễ và treo cờ Tổ quốc nhân kỷ niệm {anniv} năm Quốc khánh nước Cộng hòa"
            " xã hội chủ nghĩa Việt Nam (02/9/1945 - 02/9/{year})",
            "Thông báo việc nghỉ lễ và treo cờ Tổ quốc Tết Dương lịch năm {year}",
            "Thông báo tuyển dụng công chức, viên chức cơ quan Đảng năm {year}",
            "Thông báo lịch tiếp công dân của đồng chí Bí thư Tỉnh ủy tháng {month}/{year}",
        ],
        "leads": [
            "Văn phòng Tỉnh ủy thông báo đến các cơ quan, đơn vị, địa phương nội dung như sau.",
            "Thực hiện quy định của Trung ương, Ban Thường vụ Tỉnh ủy thông báo để các cơ quan, đơn"
            " vị biết và thực hiện.",
        ],
        "body": [
            "Cán bộ, công chức, viên chức và người lao động được nghỉ theo quy định của Bộ luật Lao"
            " động.",
            "Các cơ quan, đơn vị bố trí cán bộ trực, bảo đảm an ninh, an toàn cơ quan trong thời"
            " gian nghỉ.",
            "Đề nghị các cơ quan, đơn vị, địa phương treo cờ Tổ quốc theo đúng quy định.",
            "Hồ sơ nộp trực tiếp tại Ban Tổ chức Tỉnh ủy trong giờ hành chính, từ thứ Hai đến thứ"
            " Sáu.",
            "Mọi chi tiết xin liên hệ Văn phòng Tỉnh ủy, số điện thoại 0272 3800 000.",
        ],
        "captions": [],
        "tags": ["thông báo"],
    },
}

# Older items printed in "Các tin khác" that this demo site does not have (as on real portals).
MISSING_OLD: list[tuple[str, str | None]] = [
    ("Khai trương vận hành chính thức Cổng thông tin điện tử Tỉnh ủy An Hòa", None),
    ("Nghỉ Tết và treo cờ Tổ quốc Tết Nguyên đán Canh Tý năm 2020", None),
    (
        "Thông báo nghỉ lễ và treo cờ Tổ quốc nhân kỷ niệm 76 năm Quốc khánh nước Cộng hòa xã hội"
        " chủ nghĩa Việt Nam (02/9/1945 - 02/9/2021)",
        None,
    ),
    (
        "Thông báo treo cờ Tổ quốc chào mừng bầu cử đại biểu Quốc hội khóa XV và bầu cử đại biểu Hội"
        " đồng nhân dân các cấp nhiệm kỳ 2021 – 2026",
        "12/05/2021",
    ),
    (
        "Quyết định phê duyệt kế hoạch lựa chọn nhà thầu dự án ứng dụng công nghệ thông tin trong"
        " hoạt động của các cơ quan đảng tỉnh giai đoạn 2021- 2025",
        "03/03/2022",
    ),
]

WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]


@dataclass(frozen=True)
class Variant:
    """One generated portal: where it goes, what it is called, which articles it has."""

    root: Path
    site_name: str
    seed: int
    categories: list[tuple[str, str, list[str]]]
    per_category: int
    start: datetime
    end: datetime
    places: list[str]
    missing_old: list[tuple[str, str | None]]
    owner: str  # the footer's "Cơ quan chủ quản"
    address: str  # the footer's address line
    host: str  # the host its share links name
    stats_id: str
    today: str  # the date in the top bar


DEMO = Variant(
    root=ROOT,
    site_name=SITE_NAME,
    seed=SEED,
    categories=CATEGORIES,
    per_category=ARTICLES_PER_CATEGORY,
    start=datetime(2023, 1, 9, 7, 30),
    end=datetime(2025, 5, 28, 8, 52),
    places=PLACES,
    missing_old=MISSING_OLD,
    owner="Ban Thường vụ Tỉnh ủy An Hòa",
    address="Số 01 đường Võ Văn Tần, phường 1, thành phố Tân An Hòa. Điện thoại: 0272 3800 000",
    host="tinhuy.anhoa.example.vn",
    stats_id="tinhuy-anhoa",
    today="Thứ Năm, 28/05/2025",
)
TANPHUOC = Variant(
    root=ROOT.parent / "demo_portal_tanphuoc",
    site_name="Cổng thông tin điện tử huyện Tân Phước",
    seed=20250630,
    categories=[CATEGORIES[0], CATEGORIES[2], CATEGORIES[3], CATEGORIES[4]],
    per_category=4,
    start=datetime(2024, 2, 5, 8, 0),
    end=datetime(2025, 6, 27, 15, 30),
    places=[
        "Thị trấn Mỹ Phước",
        "Xã Tân Hòa Thành",
        "Xã Phước Lập",
        "Xã Thạnh Mỹ",
        "Xã Hưng Thạnh",
        "Xã Tân Lập 1",
    ],
    missing_old=[
        ("Khai trương Cổng thông tin điện tử huyện Tân Phước", None),
        ("Lịch tiếp công dân của Chủ tịch UBND huyện năm 2022", "05/01/2022"),
        ("Kế hoạch tổ chức Ngày hội Đại đoàn kết toàn dân tộc năm 2023", "10/10/2023"),
    ],
    owner="Ủy ban nhân dân huyện Tân Phước",
    address="Khu phố 1, thị trấn Mỹ Phước, huyện Tân Phước. Điện thoại: 0273 3640 000",
    host="tanphuoc.anhoa.example.vn",
    stats_id="huyen-tanphuoc",
    today="Thứ Sáu, 27/06/2025",
)
VARIANTS = {"demo": DEMO, "demo-tanphuoc": TANPHUOC}


@dataclass
class DemoArticle:
    id: int
    title: str
    category: tuple[str, str]
    topic: str
    date: datetime
    lead: str = ""
    paragraphs: list[str] = field(default_factory=list)
    figures: list[tuple[str, str]] = field(default_factory=list)  # (image path, caption)
    authors: list[str] = field(default_factory=list)
    byline_style: str = "div"
    tags: list[str] = field(default_factory=list)
    hostile: bool = False  # carries script/iframe/on* markup the sanitiser must remove

    @property
    def slug(self) -> str:
        return slugify(self.title, max_length=70, word_boundary=True)

    @property
    def url(self) -> str:
        return f"/tin-tuc/{self.slug}-{self.id}.html"


def vn_datetime(value: datetime) -> str:
    return f"{WEEKDAYS[value.weekday()]}, {value:%d/%m/%Y - %H:%M}"


def png_bytes(width: int, height: int, seed: int) -> bytes:
    """A tiny deterministic striped PNG (RGB, zlib level 9)."""
    rng = random.Random(seed)
    base = [rng.randrange(40, 200) for _ in range(3)]
    accent = [min(255, c + 50) for c in base]
    rows = []
    for y in range(height):
        colour = accent if (y // 6) % 2 else base
        rows.append(b"\x00" + bytes(colour) * width)
    raw = zlib.compress(b"".join(rows), 9)

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


def fill(template: str, rng: random.Random, art_date: datetime, place: str) -> str:
    return template.format(
        d=f"{art_date:%d/%m}",
        place=place,
        year=art_date.year,
        month=art_date.month,
        pct=f"{rng.randrange(35, 98)},{rng.randrange(1, 9)}",
        money=rng.randrange(120, 980),
        km=f"{rng.randrange(3, 25)},{rng.randrange(1, 9)}",
        ha=rng.randrange(150, 2500),
        n=rng.randrange(12, 160),
        conf=rng.randrange(14, 24),
        months=rng.choice([3, 6, 9]),
        anniv=art_date.year - 1945,
    )


def build_articles(variant: Variant = DEMO) -> list[DemoArticle]:
    rng = random.Random(variant.seed)
    start, end = variant.start, variant.end
    total = len(variant.categories) * variant.per_category
    step = (end - start) / (total - 1)
    dates = [start + step * i for i in range(total)]
    dates = [d.replace(minute=(d.minute // 1), second=0, microsecond=0) for d in dates]
    slots = [c for c in variant.categories for _ in range(variant.per_category)]
    rng.shuffle(slots)
    used: set[str] = set()
    articles: list[DemoArticle] = []
    counters: dict[str, int] = {}
    for index, (art_date, (cat_slug, cat_name, topics)) in enumerate(
        zip(dates, slots, strict=True)
    ):
        art_date = art_date.replace(hour=rng.randrange(7, 18), minute=rng.randrange(0, 60))
        count = counters.get(cat_slug, 0)
        counters[cat_slug] = count + 1
        topic = topics[count % len(topics)]
        bank = TOPICS[topic]
        place = variant.places[(index * 7) % len(variant.places)]
        title = ""
        for attempt in range(20):
            action = fill(
                bank["titles"][(count + attempt) % len(bank["titles"])], rng, art_date, place
            )
            prefixed = topic not in ("thong-bao", "xay-dung-dang") or attempt % 2 == 1
            prefixed = prefixed and not action.startswith("Hội nghị")
            candidate = f"{place}: {action}" if prefixed and topic != "thong-bao" else action
            if topic == "thong-bao" and candidate in used:
                candidate = f"{action} (lần {attempt + 2})"
            if candidate not in used:
                title = candidate
                break
        used.add(title)
        article = DemoArticle(
            id=1000 + index * 3 + 1,
            title=title,
            category=(cat_slug, cat_name),
            topic=topic,
            date=art_date,
        )
        article.lead = fill(rng.choice(bank["leads"]), rng, art_date, place)
        sentences = list(bank["body"])
        rng.shuffle(sentences)
        paragraphs = []
        for p in range(rng.randrange(3, 6)):
            picked = [sentences[(p * 2 + k) % len(sentences)] for k in range(rng.randrange(1, 3))]
            paragraphs.append(" ".join(fill(s, rng, art_date, place) for s in picked))
        article.paragraphs = paragraphs
        if bank["captions"] and index % 3 != 2:
            figures = 2 if index % 5 == 0 else 1
            for f in range(figures):
                path = f"/uploads/{art_date:%Y/%m}/anh-{article.id}-{f + 1}.png"
                article.figures.append((path, bank["captions"][f % len(bank["captions"])]))
        if topic == "thong-bao":
            article.authors = []
            article.byline_style = "none"
        else:
            first = AUTHORS[(index * 3) % len(AUTHORS)]
            article.authors = [first]
            if index % 6 == 4:
                article.authors.append(AUTHORS[(index * 3 + 1) % len(AUTHORS)])
            article.byline_style = ["div", "last-p", "last-p-strong"][index % 3]
        article.tags = list(bank["tags"])
        article.hostile = index % 11 == 5
        articles.append(article)
    return articles


def page(title: str, body: str, *, description: str = "", variant: Variant = DEMO) -> str:
    menu = "".join(
        f'<li><a href="/chuyen-muc/{slug}/">{html.escape(name)}</a></li>'
        for slug, name, _ in variant.categories
    )
    return f"""<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<meta name="description" content="{html.escape(description)}">
<link rel="stylesheet" href="/static/site.css">
</head>
<body>
<div class="topbar">{variant.today} | <a href="/lien-he.html">Liên hệ</a> | <a href="/so-do-trang.html">Sơ đồ trang</a></div>
<header class="site-header">
<a class="brand" href="/"><img src="/static/logo.png" alt="Logo"> {html.escape(variant.site_name)}</a>
<form class="search" action="/tim-kiem.html"><input name="q" placeholder="Tìm kiếm..."></form>
</header>
<nav class="main-menu"><ul><li><a href="/">Trang chủ</a></li>{menu}</ul></nav>
<main class="container">
{body}
</main>
<footer class="site-footer">
<p>Cơ quan chủ quản: {html.escape(variant.owner)}</p>
<p>Địa chỉ: {html.escape(variant.address)}</p>
<p>Ghi rõ nguồn “{html.escape(variant.site_name)}” khi phát hành lại thông tin từ website này.</p>
<p class="demo-note">Trang mẫu viết cho dự án lưu trữ (dữ liệu hư cấu, dùng để thử nghiệm).</p>
</footer>
<script>var _stats = {{site: "{variant.stats_id}"}};</script>
</body>
</html>
"""


def other_news_blocks(
    article: DemoArticle, articles: list[DemoArticle], variant: Variant = DEMO
) -> str:
    """Three blocks, as portals print them: dated, the same again without dates, older ones."""
    same = [a for a in articles if a.category == article.category and a.date < article.date]
    same = sorted(same, key=lambda a: a.date, reverse=True)[:6]
    if len(same) < 3:
        same += [a for a in articles if a.date > article.date][: 3 - len(same)]
    blocks = []
    items = "".join(
        f'<li><a href="{a.url}">{html.escape(a.title)}</a> <span class="date">'
        f"({a.date:%d/%m/%Y})</span></li>"
        for a in same
    )
    blocks.append(f'<div class="other-news"><h3>Các tin khác</h3><ul>{items}</ul></div>')
    items = "".join(f'<li><a href="{a.url}">{html.escape(a.title)}</a></li>' for a in same)
    old = []
    for n, (title, date) in enumerate(variant.missing_old[: 2 + article.id % 3]):
        url = f"/tin-tuc/{slugify(title, max_length=70, word_boundary=True)}-{200 + n}.html"
        date_html = f' <span class="date">({date})</span>' if date else ""
        old.append(f'<li><a href="{url}">{html.escape(title)}</a>{date_html}</li>')
    blocks.append(
        f'<div class="other-news"><h3>Các tin khác</h3><ul>{items}{"".join(old)}</ul></div>'
    )
    repeat = "".join(f'<li><a href="{a.url}">{html.escape(a.title)}</a></li>' for a in same[:3])
    blocks.append(f'<div class="other-news"><h3>Các tin khác</h3><ul>{repeat}</ul></div>')
    return "\n".join(blocks)


def article_html(article: DemoArticle, articles: list[DemoArticle], variant: Variant = DEMO) -> str:
    cat_slug, cat_name = article.category
    body = [f"<p>{html.escape(p)}</p>" for p in article.paragraphs]
    for n, (src, caption) in enumerate(article.figures):
        figure = (
            f'<figure class="image"><img src="{src}" alt="{html.escape(caption)}" width="120"'
            f' height="72"><figcaption>{html.escape(caption)}</figcaption></figure>'
        )
        body.insert(min(1 + n * 2, len(body)), figure)
    if article.hostile:
        body.insert(
            1,
            '<p onclick="track(1)">Xem thêm <a href="javascript:void(0)">tại đây</a>'
            "</p><script>document.write('quảng cáo');</script>"
            '<iframe src="https://video.example.vn/embed/1"></iframe>',
        )
    byline = ""
    names = " - ".join(article.authors)
    if article.byline_style == "div":
        byline = f'<div class="news-author">{html.escape(names)}</div>'
    elif article.byline_style == "last-p":
        body.append(f'<p class="text-right">{html.escape(names)}</p>')
    elif article.byline_style == "last-p-strong":
        body.append(f"<p><strong>{html.escape(names)}</strong></p>")
    tags = ", ".join(
        f'<a href="/tu-khoa/{slugify(t)}.html">{html.escape(t)}</a>' for t in article.tags
    )
    content = f"""<ol class="breadcrumb"><li><a href="/">Trang chủ</a></li><li><a href="/chuyen-muc/{cat_slug}/">{html.escape(cat_name)}</a></li></ol>
<article class="news-detail">
<h1 class="news-title">{html.escape(article.title)}</h1>
<div class="news-date">{vn_datetime(article.date)}</div>
<div class="share-bar"><a href="https://www.facebook.com/sharer/sharer.php?u=https://{variant.host}{article.url}">Chia sẻ</a> <a href="#" class="print">In bài</a> <span class="font-size">A- A+</span></div>
<div class="news-sapo">{html.escape(article.lead)}</div>
<div class="news-content">
{chr(10).join(body)}
</div>
{byline}
<div class="news-tags">Từ khóa: {tags}</div>
</article>
{other_news_blocks(article, articles, variant)}"""
    return page(
        f"{article.title} - {variant.site_name}", content, description=article.lead, variant=variant
    )


def listing_html(
    cat: tuple[str, str, list[str]],
    items: list[DemoArticle],
    number: int,
    pages: int,
    variant: Variant = DEMO,
) -> str:
    slug, name, _ = cat
    rows = "\n".join(
        f'<div class="news-item"><a class="thumb" href="{a.url}"><img src="/static/thumb.png"'
        f' alt=""></a><h3><a href="{a.url}">{html.escape(a.title)}</a></h3>'
        f'<span class="date">{a.date:%d/%m/%Y %H:%M}</span><p>{html.escape(a.lead)}</p></div>'
        for a in items
    )

    def href(n: int) -> str:
        return f"/chuyen-muc/{slug}/" if n == 1 else f"/chuyen-muc/{slug}/trang-{n}.html"

    links = []
    if number > 1:
        links.append(f'<a class="prev" href="{href(number - 1)}">«</a>')
    for n in range(1, pages + 1):
        links.append(
            f'<span class="current">{n}</span>' if n == number else f'<a href="{href(n)}">{n}</a>'
        )
    if number < pages:
        links.append(f'<a class="next" href="{href(number + 1)}">»</a>')
    content = f"""<ol class="breadcrumb"><li><a href="/">Trang chủ</a></li><li><a href="/chuyen-muc/{slug}/">{html.escape(name)}</a></li></ol>
<h2 class="cat-title">{html.escape(name)}</h2>
<div class="list-news">
{rows}
</div>
<div class="pagination">{" ".join(links)}</div>"""
    return page(f"{name} - {variant.site_name}", content, variant=variant)


def home_html(articles: list[DemoArticle], variant: Variant = DEMO) -> str:
    latest = sorted(articles, key=lambda a: a.date, reverse=True)[:8]
    rows = "\n".join(
        f'<li><a href="{a.url}">{html.escape(a.title)}</a> <span class="date">'
        f"({a.date:%d/%m/%Y})</span></li>"
        for a in latest
    )
    cats = "\n".join(
        f'<section class="home-cat"><h2><a href="/chuyen-muc/{slug}/">{html.escape(name)}</a>'
        "</h2></section>"
        for slug, name, _ in variant.categories
    )
    content = f'<section class="latest"><h2>Tin mới nhất</h2><ul>{rows}</ul></section>\n{cats}'
    return page(variant.site_name, content, variant=variant)


CSS = """body{font-family:Arial,sans-serif;margin:0;color:#222}
.site-header,.main-menu,.site-footer,.topbar{padding:8px 16px}
.site-header{background:#b00;color:#fff}.main-menu ul{display:flex;gap:12px;list-style:none}
.container{max-width:960px;margin:auto;padding:16px}.news-date{color:#666}
.news-sapo{font-weight:bold}figure{margin:12px 0}figcaption{font-style:italic}
.site-footer{background:#eee;font-size:13px}
"""


def write(path: Path, data: bytes | str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def generate(root: Path | None = None, variant: Variant = DEMO) -> list[DemoArticle]:
    root = variant.root if root is None else root
    articles = build_articles(variant)
    if root.exists():
        shutil.rmtree(root)
    write(root / "robots.txt", "User-agent: *\nDisallow: /quan-tri/\nDisallow: /tim-kiem.html\n")
    write(root / "static" / "site.css", CSS)
    write(root / "static" / "logo.png", png_bytes(32, 32, 1))
    write(root / "static" / "thumb.png", png_bytes(16, 12, 2))
    write(root / "index.html", home_html(articles, variant))
    for article in articles:
        write(root / article.url.lstrip("/"), article_html(article, articles, variant))
        for n, (src, _) in enumerate(article.figures):
            write(root / src.lstrip("/"), png_bytes(120, 72, article.id * 10 + n))
    for cat in variant.categories:
        items = sorted(
            (a for a in articles if a.category[0] == cat[0]), key=lambda a: a.date, reverse=True
        )
        pages = (len(items) + PER_PAGE - 1) // PER_PAGE
        for number in range(1, pages + 1):
            chunk = items[(number - 1) * PER_PAGE : number * PER_PAGE]
            name = "index.html" if number == 1 else f"trang-{number}.html"
            write(
                root / "chuyen-muc" / cat[0] / name,
                listing_html(cat, chunk, number, pages, variant),
            )
    return articles


def main(argv: list[str] | None = None) -> int:
    """`[TARGET]`: the demo portal; `--variant NAME [TARGET]`: one of VARIANTS; `--all`: each
    variant into its own folder."""
    argv = list(argv or [])
    if argv[:1] == ["--all"]:
        chosen = [(variant, variant.root) for variant in VARIANTS.values()]
    elif argv[:1] == ["--variant"] and len(argv) >= 2 and argv[1] in VARIANTS:
        variant = VARIANTS[argv[1]]
        chosen = [(variant, Path(argv[2]) if len(argv) > 2 else variant.root)]
    elif argv[:1] == ["--variant"]:
        print(f"error: --variant takes one of {', '.join(VARIANTS)}", file=sys.stderr)
        return 2
    else:
        chosen = [(DEMO, Path(argv[0]) if argv else ROOT)]
    for variant, target in chosen:
        articles = generate(target, variant)
        size = sum(p.stat().st_size for p in target.rglob("*") if p.is_file())
        years = sorted({a.date.year for a in articles})
        print(
            f"{variant.site_name}: {len(articles)} articles, {len(variant.categories)} categories,"
            f" years {years}, {size / 1024:.0f} KiB in {target}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
