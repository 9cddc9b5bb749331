# ruff: noqa: E501 - Vietnamese sentences are data and stay whole
"""The words of the government-CMS test portal (tools/make_gov_portal.py): the fictional district,
its sections, people and units, and per topic the headlines, leads, body sentences, subheadings,
lists and captions the articles are assembled from. All of it is written for the project.

Placeholders, filled by `gov_portal_articles.fill`: {d} day/month, {month}, {year}, {place} /
{Place} a commune, {leader} / {Leader} a district leader with title, {pct}, {pct2}, {n}, {k},
{no} (a document number), {money}, {ha}, {small}, {small2}, {holiday} (the next holiday and its year); in a notice's lead
{about}: its headline without "Thông báo".
"""

from __future__ import annotations

SITE_NAME = "Cổng thông tin điện tử UBND huyện Tân Lập"
SITE_DESCRIPTION = (
    "Cổng thông tin điện tử Ủy ban nhân dân huyện Tân Lập, tỉnh An Hòa: tin tức, sự kiện,"
    " thông tin chỉ đạo điều hành, thông báo."
)
PROVINCE = "Tỉnh An Hòa"
OWNER = "UBND huyện Tân Lập"

# (slug, name) of the sections; each category belongs to one
SECTIONS = {
    "tin-tuc-su-kien": "Tin tức - Sự kiện",
    "thong-tin-chi-dao-dieu-hanh": "Thông tin chỉ đạo điều hành",
}
# (slug, name, section slug, number of articles, topics in turn)
CATEGORIES = [
    (
        "tin-hoat-dong",
        "Tin hoạt động",
        "tin-tuc-su-kien",
        22,
        ["hop-ubnd", "kiem-tra", "cu-tri", "hoi-nghi"],
    ),
    (
        "kinh-te-xa-hoi",
        "Kinh tế - Xã hội",
        "tin-tuc-su-kien",
        8,
        ["nong-nghiep", "nong-thon-moi", "giao-duc", "an-sinh"],
    ),
    (
        "ke-hoach-chi-dao",
        "Kế hoạch - Chỉ đạo",
        "thong-tin-chi-dao-dieu-hanh",
        10,
        ["ke-hoach", "chi-dao"],
    ),
    ("thong-bao", "Thông báo", "thong-tin-chi-dao-dieu-hanh", 14, ["thong-bao"]),
]

COMMUNES = [
    "thị trấn Tân Lập",
    "xã Mỹ Thạnh",
    "xã Tân Hòa",
    "xã Phú An",
    "xã Bình Hòa Đông",
    "xã Long Khánh",
    "xã Thạnh Lợi",
    "xã An Nhơn",
    "xã Hòa Bình",
    "xã Tân Đông",
]
LEADERS = [
    "đồng chí Nguyễn Thanh Hải, Chủ tịch UBND huyện",
    "đồng chí Lê Văn Thắng, Phó Chủ tịch UBND huyện",
    "đồng chí Trần Thị Mỹ Hạnh, Phó Chủ tịch UBND huyện",
    "đồng chí Võ Minh Tuấn, Phó Bí thư Thường trực Huyện ủy, Chủ tịch HĐND huyện",
]
# (printed name, unit) of the portal's writers
AUTHORS = [
    ("Nguyễn Văn An", "Văn phòng HĐND và UBND huyện"),
    ("Trần Thị Bích Ngọc", "Phòng Văn hóa và Thông tin"),
    ("Lê Hoàng Minh", "Trung tâm Văn hóa, Thông tin và Thể thao huyện"),
    ("Phạm Thu Hà", "Phòng Nông nghiệp và Phát triển nông thôn"),
    ("Võ Thanh Tâm", "Văn phòng HĐND và UBND huyện"),
    ("Huỳnh Yến", "Trung tâm Văn hóa, Thông tin và Thể thao huyện"),
    ("Đặng Quốc Bảo", "Phòng Giáo dục và Đào tạo"),
    ("Ngọc Trâm", "Phòng Văn hóa và Thông tin"),
]
SOURCES = ["Báo An Hòa", "Đài Phát thanh và Truyền hình An Hòa"]
PHOTOGRAPHERS = ["Minh Thư", "Thanh Phong", "Huỳnh Yến", "Quốc Bảo", "Hoàng Duy"]

TOPICS: dict[str, dict[str, list[str]]] = {
    "hop-ubnd": {
        "titles": [
            "UBND huyện họp phiên thường kỳ tháng {month}/{year}",
            "UBND huyện đánh giá tình hình kinh tế - xã hội tháng {month} năm {year}",
        ],
        "leads": [
            "Sáng ngày {d}, UBND huyện Tân Lập tổ chức phiên họp thường kỳ nhằm đánh giá tình hình thực hiện nhiệm vụ phát triển kinh tế - xã hội tháng {month} và triển khai nhiệm vụ trọng tâm tháng tới. {Leader} chủ trì phiên họp.",
            "Ngày {d}, dưới sự chủ trì của {leader}, UBND huyện họp đánh giá kết quả thực hiện nhiệm vụ tháng {month} và cho ý kiến nhiều nội dung quan trọng thuộc thẩm quyền.",
        ],
        "body": [
            "Theo báo cáo của Văn phòng HĐND và UBND huyện, tổng thu ngân sách nhà nước trên địa bàn ước đạt {pct}% dự toán năm, tăng so với cùng kỳ.",
            "Sản xuất nông nghiệp cơ bản ổn định; công tác phòng, chống dịch bệnh trên cây trồng, vật nuôi được thực hiện chủ động, không để phát sinh ổ dịch lớn.",
            "Công tác cải cách hành chính có nhiều chuyển biến, tỷ lệ hồ sơ giải quyết đúng và trước hạn đạt {pct2}%.",
            "Tại phiên họp, các đại biểu tập trung thảo luận, chỉ ra những hạn chế, nhất là tiến độ giải ngân vốn đầu tư công và công tác bồi thường, giải phóng mặt bằng.",
            "Kết luận phiên họp, {leader} đề nghị các phòng, ban chuyên môn và UBND các xã, thị trấn tập trung khắc phục hạn chế, phấn đấu hoàn thành các chỉ tiêu đã đề ra.",
            "Người đứng đầu các cơ quan, đơn vị được yêu cầu nâng cao tinh thần trách nhiệm, không để tồn đọng hồ sơ, thủ tục của người dân và doanh nghiệp.",
        ],
        "subheads": ["Nhiều chỉ tiêu đạt khá", "Tập trung tháo gỡ khó khăn"],
        "captions": [
            "Quang cảnh phiên họp thường kỳ của UBND huyện",
            "{Leader} phát biểu kết luận phiên họp",
        ],
    },
    "kiem-tra": {
        "titles": [
            "Kiểm tra tiến độ thi công công trình trường học tại {place}",
            "Đoàn công tác của huyện kiểm tra công tác phòng, chống thiên tai tại {place}",
            "Kiểm tra công tác quản lý đất đai, trật tự xây dựng tại {place}",
        ],
        "leads": [
            "Ngày {d}, {leader} dẫn đầu đoàn công tác của huyện đi kiểm tra thực tế tại {place}, nắm tình hình và chỉ đạo tháo gỡ khó khăn, vướng mắc.",
            "Nhằm kịp thời chấn chỉnh những tồn tại, hạn chế, ngày {d}, đoàn kiểm tra của UBND huyện do {leader} làm trưởng đoàn đã làm việc tại {place}.",
        ],
        "body": [
            "Báo cáo với đoàn, lãnh đạo {place} cho biết đến nay khối lượng thi công đạt khoảng {pct}% so với thiết kế, dự kiến hoàn thành đúng tiến độ.",
            "Qua kiểm tra thực tế, đoàn ghi nhận đơn vị thi công đã bố trí đủ nhân lực, máy móc, bảo đảm an toàn lao động và vệ sinh môi trường.",
            "Bên cạnh kết quả đạt được, địa phương vẫn còn một số trường hợp xây dựng không phép, lấn chiếm hành lang an toàn giao thông chưa được xử lý dứt điểm.",
            "Đoàn yêu cầu UBND xã phối hợp với các phòng chuyên môn của huyện rà soát, lập hồ sơ xử lý theo đúng quy định của pháp luật.",
            "Đối với các hộ dân còn vướng mắc, địa phương cần tăng cường vận động, giải thích để người dân đồng thuận, sớm bàn giao mặt bằng.",
            "Phát biểu chỉ đạo, {leader} ghi nhận sự nỗ lực của cấp ủy, chính quyền địa phương và đề nghị báo cáo kết quả về UBND huyện trước ngày 30 hằng tháng.",
        ],
        "subheads": ["Kiểm tra thực tế tại công trình", "Kiên quyết xử lý vi phạm"],
        "captions": [
            "Đoàn công tác kiểm tra thực tế tại {place}",
            "{Leader} chỉ đạo tại buổi kiểm tra",
        ],
    },
    "cu-tri": {
        "titles": [
            "Đại biểu HĐND huyện tiếp xúc cử tri {place} trước kỳ họp",
            "Lãnh đạo huyện đối thoại với Nhân dân {place}",
        ],
        "leads": [
            "Chiều ngày {d}, Tổ đại biểu HĐND huyện đơn vị bầu cử số {k} tổ chức tiếp xúc cử tri tại {place} nhằm thông báo dự kiến nội dung kỳ họp và lắng nghe ý kiến, kiến nghị của cử tri.",
            "Thực hiện Quy chế dân chủ ở cơ sở, ngày {d}, UBND huyện phối hợp với Ủy ban MTTQ Việt Nam huyện tổ chức hội nghị đối thoại với Nhân dân tại {place}.",
        ],
        "body": [
            "Tại buổi tiếp xúc, cử tri phấn khởi trước những kết quả đạt được trong phát triển kinh tế - xã hội, xây dựng nông thôn mới của địa phương.",
            "Nhiều ý kiến đề nghị sớm nâng cấp tuyến đường liên ấp, nạo vét kênh mương nội đồng phục vụ sản xuất và sửa chữa hệ thống đèn chiếu sáng công cộng.",
            "Cử tri cũng kiến nghị tăng cường bảo đảm an ninh trật tự, xử lý tình trạng trộm cắp vặt và vi phạm an toàn giao thông ở khu vực chợ.",
            "Các ý kiến thuộc thẩm quyền đã được lãnh đạo các phòng, ban giải trình, làm rõ ngay tại hội nghị.",
            "Những kiến nghị vượt thẩm quyền được tiếp thu, tổng hợp gửi đến cơ quan có thẩm quyền xem xét, giải quyết và trả lời cử tri.",
            "Thay mặt Tổ đại biểu, {leader} cảm ơn những ý kiến tâm huyết, trách nhiệm của cử tri và cam kết theo dõi việc giải quyết đến cùng.",
        ],
        "subheads": ["Cử tri quan tâm hạ tầng nông thôn", "Giải trình ngay tại hội nghị"],
        "captions": [
            "Cử tri {place} phát biểu ý kiến tại buổi tiếp xúc",
            "Quang cảnh buổi tiếp xúc cử tri",
        ],
    },
    "hoi-nghi": {
        "titles": [
            "Hội nghị tổng kết công tác cải cách hành chính năm {year}",
            "Huyện Tân Lập tổ chức hội nghị đối thoại với doanh nghiệp năm {year}",
            "Sơ kết thực hiện Đề án 06 trên địa bàn huyện năm {year}",
        ],
        "leads": [
            "Ngày {d}, UBND huyện Tân Lập tổ chức hội nghị nhằm đánh giá kết quả đạt được, chỉ ra hạn chế, nguyên nhân và đề ra giải pháp thực hiện trong thời gian tới. {Leader} dự và chỉ đạo hội nghị.",
            "Sáng ngày {d}, tại Hội trường UBND huyện, {leader} chủ trì hội nghị với sự tham dự của lãnh đạo các phòng, ban, ngành và Chủ tịch UBND 10 xã, thị trấn.",
        ],
        "body": [
            "Thời gian qua, các cơ quan, đơn vị đã triển khai nhiều giải pháp, tạo chuyển biến rõ nét trong giải quyết thủ tục hành chính cho người dân và doanh nghiệp.",
            "Toàn huyện có {pct2}% hồ sơ được tiếp nhận và giải quyết qua dịch vụ công trực tuyến; việc số hóa hồ sơ, kết quả giải quyết thủ tục hành chính được thực hiện nghiêm.",
            "Bên cạnh đó, một số đơn vị còn để hồ sơ trễ hạn, việc niêm yết công khai thủ tục hành chính ở một vài nơi chưa kịp thời.",
            "Tại hội nghị, đại diện các doanh nghiệp nêu khó khăn về mặt bằng sản xuất, thủ tục đất đai và tiếp cận nguồn vốn vay ưu đãi.",
            "Lãnh đạo các phòng, ban chuyên môn đã trả lời, hướng dẫn cụ thể từng nội dung; những vấn đề vượt thẩm quyền được ghi nhận để kiến nghị cấp trên.",
            "Dịp này, UBND huyện tặng giấy khen cho {small} tập thể và {small2} cá nhân có thành tích xuất sắc.",
        ],
        "subheads": ["Chuyển biến rõ nét", "Lắng nghe để tháo gỡ"],
        "captions": ["Quang cảnh hội nghị", "{Leader} trao giấy khen cho các tập thể"],
    },
    "nong-nghiep": {
        "titles": [
            "Nhân rộng mô hình trồng lúa chất lượng cao, giảm phát thải tại {place}",
            "Hỗ trợ nông dân {place} chuyển đổi cây trồng trên đất lúa kém hiệu quả",
        ],
        "leads": [
            "Năm {year}, nông dân {place} tiếp tục mở rộng diện tích sản xuất lúa chất lượng cao theo hướng giảm phát thải, gắn với liên kết tiêu thụ sản phẩm.",
            "Ngày {d}, Phòng Nông nghiệp và Phát triển nông thôn huyện phối hợp với UBND {place} tổ chức hội thảo đầu bờ đánh giá hiệu quả mô hình chuyển đổi cây trồng.",
        ],
        "body": [
            "Diện tích tham gia mô hình đạt hơn {ha} ha, năng suất bình quân tăng khoảng 8% so với sản xuất truyền thống.",
            "Nông dân được tập huấn kỹ thuật canh tác, sử dụng phân bón hợp lý, giảm lượng giống và thuốc bảo vệ thực vật.",
            "Các hợp tác xã liên kết với doanh nghiệp bao tiêu sản phẩm, giúp người dân yên tâm sản xuất.",
            "Nhiều hộ mạnh dạn chuyển đất lúa kém hiệu quả sang trồng cây ăn trái, thu nhập tăng gấp hai đến ba lần.",
            "Thời gian tới, ngành nông nghiệp huyện sẽ tiếp tục hỗ trợ giống, vật tư và hướng dẫn nông dân liên kết theo chuỗi giá trị.",
        ],
        "subheads": ["Hiệu quả từ liên kết", "Chuyển đổi đúng hướng"],
        "captions": [
            "Nông dân {place} thu hoạch lúa chất lượng cao",
            "Cán bộ nông nghiệp hướng dẫn kỹ thuật cho nông dân",
        ],
    },
    "nong-thon-moi": {
        "titles": [
            "{Place} đạt chuẩn nông thôn mới nâng cao",
            "Huy động nguồn lực xây dựng nông thôn mới kiểu mẫu tại {place}",
        ],
        "leads": [
            "Sau thời gian nỗ lực thực hiện, {place} đã hoàn thành các tiêu chí xã nông thôn mới nâng cao, đời sống vật chất và tinh thần của người dân không ngừng được cải thiện.",
            "Với phương châm “Nhà nước và Nhân dân cùng làm”, {place} đã huy động hơn {money} triệu đồng từ Nhân dân để làm đường giao thông nông thôn, thắp sáng đường quê.",
        ],
        "body": [
            "Hệ thống giao thông nông thôn được đầu tư đồng bộ, 100% tuyến đường ấp được cứng hóa, có đèn chiếu sáng và hàng rào cây xanh.",
            "Thu nhập bình quân đầu người của xã đạt trên {money} triệu đồng/năm, tỷ lệ hộ nghèo giảm còn dưới 1%.",
            "Nhiều hộ dân tự nguyện hiến đất, cây trồng, vật kiến trúc để mở rộng đường, không yêu cầu bồi thường.",
            "Các thiết chế văn hóa, thể thao ở ấp được quan tâm đầu tư, phong trào văn nghệ, thể dục thể thao phát triển mạnh.",
            "Địa phương xác định xây dựng nông thôn mới là quá trình liên tục, tiếp tục nâng chất các tiêu chí đã đạt.",
        ],
        "subheads": ["Sức dân làm nên diện mạo mới", "Nâng chất các tiêu chí"],
        "captions": [
            "Tuyến đường nông thôn tại {place} được cứng hóa",
            "Người dân {place} cùng làm đường giao thông nông thôn",
        ],
    },
    "giao-duc": {
        "titles": [
            "Tổng kết năm học {year}, tuyên dương học sinh giỏi tại {place}",
            "Khánh thành điểm trường mới tại {place}",
        ],
        "leads": [
            "Ngày {d}, Phòng Giáo dục và Đào tạo huyện tổ chức tổng kết năm học và tuyên dương {n} học sinh đạt giải trong các kỳ thi học sinh giỏi cấp huyện, cấp tỉnh.",
            "Sáng ngày {d}, UBND huyện tổ chức lễ khánh thành điểm trường mới tại {place} với tổng kinh phí đầu tư hơn {money} triệu đồng.",
        ],
        "body": [
            "Năm học qua, toàn ngành có {pct2}% học sinh được xét công nhận hoàn thành chương trình, tỷ lệ học sinh bỏ học giảm mạnh.",
            "Cơ sở vật chất trường lớp tiếp tục được đầu tư, nhiều phòng học được xây mới, trang bị thiết bị dạy học hiện đại.",
            "Đội ngũ giáo viên tích cực đổi mới phương pháp giảng dạy, ứng dụng công nghệ thông tin vào bài giảng.",
            "Công trình gồm 8 phòng học, khu hiệu bộ, nhà vệ sinh và sân chơi, đáp ứng nhu cầu học tập của hơn 300 học sinh.",
            "Phụ huynh và học sinh phấn khởi khi được học tập trong ngôi trường khang trang, sạch đẹp.",
        ],
        "subheads": ["Chất lượng giáo dục được nâng lên", "Ngôi trường mới khang trang"],
        "captions": ["Lãnh đạo huyện trao thưởng cho học sinh giỏi", "Điểm trường mới tại {place}"],
    },
    "an-sinh": {
        "titles": [
            "Bàn giao nhà đại đoàn kết cho hộ nghèo {place}",
            "Chăm lo Tết cho gia đình chính sách, hộ khó khăn tại {place}",
        ],
        "leads": [
            "Ngày {d}, Ủy ban MTTQ Việt Nam huyện phối hợp với UBND {place} tổ chức bàn giao {small} căn nhà đại đoàn kết cho hộ nghèo, hộ có hoàn cảnh khó khăn về nhà ở.",
            "Với tinh thần “không để ai bị bỏ lại phía sau”, {place} đã vận động các nhà hảo tâm trao {n} phần quà cho gia đình chính sách, hộ nghèo dịp Tết.",
        ],
        "body": [
            "Mỗi căn nhà có tổng kinh phí khoảng 60 triệu đồng, từ nguồn Quỹ Vì người nghèo huyện và sự đóng góp của các nhà hảo tâm.",
            "Mặt trận Tổ quốc và các đoàn thể đã rà soát, lập danh sách hộ cần hỗ trợ, bảo đảm công khai, đúng đối tượng.",
            "Nhận nhà mới, nhiều gia đình xúc động bày tỏ niềm vui và cảm ơn sự quan tâm của cấp ủy, chính quyền địa phương.",
            "Tỷ lệ hộ nghèo của huyện giảm còn {pct}%, các chính sách an sinh xã hội được thực hiện đầy đủ, kịp thời.",
            "Mỗi phần quà trị giá 500.000 đồng gồm tiền mặt và nhu yếu phẩm thiết yếu.",
        ],
        "subheads": ["Chung tay vì người nghèo", "Không để ai bị bỏ lại phía sau"],
        "captions": [
            "Trao quyết định bàn giao nhà đại đoàn kết tại {place}",
            "Trao quà Tết cho hộ khó khăn",
        ],
    },
    "ke-hoach": {
        "titles": [
            "Kế hoạch tổ chức các hoạt động hưởng ứng Ngày Chuyển đổi số quốc gia năm {year}",
            "Kế hoạch triển khai Tháng hành động vì an toàn thực phẩm năm {year}",
            "Kế hoạch kiểm tra công tác cải cách hành chính năm {year}",
            "Kế hoạch phòng, chống thiên tai và tìm kiếm cứu nạn năm {year}",
            "Kế hoạch tuyên truyền phổ biến, giáo dục pháp luật năm {year}",
        ],
        "leads": [
            "Ngày {d}, UBND huyện ban hành Kế hoạch số {no}/KH-UBND nhằm cụ thể hóa các nhiệm vụ được giao, phân công rõ trách nhiệm của từng cơ quan, đơn vị và UBND các xã, thị trấn.",
            "UBND huyện Tân Lập vừa ban hành Kế hoạch số {no}/KH-UBND ngày {d}/{year}, yêu cầu các cơ quan, đơn vị triển khai thực hiện nghiêm túc, hiệu quả.",
        ],
        "body": [
            "Kế hoạch nhằm nâng cao nhận thức, trách nhiệm của các cấp, các ngành và Nhân dân trong thực hiện nhiệm vụ được giao.",
            "Việc triển khai phải bảo đảm thiết thực, hiệu quả, tránh hình thức, phù hợp với tình hình thực tế của từng địa phương.",
            "Các cơ quan, đơn vị căn cứ nhiệm vụ được phân công, xây dựng kế hoạch cụ thể và báo cáo kết quả về UBND huyện (qua Văn phòng HĐND và UBND huyện) trước ngày 15/12/{year}.",
            "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các cơ quan, đơn vị kịp thời phản ánh về UBND huyện để được hướng dẫn, giải quyết.",
        ],
        "subheads": ["1. Mục đích, yêu cầu", "2. Nội dung thực hiện", "3. Tổ chức thực hiện"],
        "lines": [
            "- Tổ chức tuyên truyền trên hệ thống truyền thanh từ huyện đến cơ sở;",
            "- Kiểm tra, giám sát việc thực hiện tại các cơ quan, đơn vị và UBND các xã, thị trấn;",
            "- Sơ kết, đánh giá kết quả thực hiện, khen thưởng các tập thể, cá nhân tiêu biểu;",
            "- Bố trí kinh phí từ nguồn ngân sách huyện năm {year} theo phân cấp hiện hành.",
        ],
        "captions": ["Hội nghị triển khai kế hoạch năm {year}"],
    },
    "chi-dao": {
        "titles": [
            "Tăng cường công tác phòng cháy, chữa cháy trong mùa khô năm {year}",
            "Chủ động ứng phó với triều cường, mưa lớn cuối năm {year}",
            "Tăng cường phòng, chống bệnh dịch tả heo châu Phi trên địa bàn huyện năm {year}",
            "Chấn chỉnh kỷ luật, kỷ cương hành chính trong các cơ quan nhà nước năm {year}",
            "Đẩy nhanh tiến độ giải ngân vốn đầu tư công năm {year}",
        ],
        "leads": [
            "Trước diễn biến phức tạp của tình hình, Chủ tịch UBND huyện vừa ký Công văn số {no}/UBND-NC ngày {d}/{year} chỉ đạo các cơ quan, đơn vị và UBND các xã, thị trấn triển khai đồng bộ các giải pháp.",
            "Ngày {d}, UBND huyện có văn bản yêu cầu thủ trưởng các cơ quan, đơn vị và Chủ tịch UBND các xã, thị trấn khẩn trương thực hiện một số nhiệm vụ trọng tâm.",
        ],
        "body": [
            "Thủ trưởng các cơ quan, đơn vị chịu trách nhiệm trước Chủ tịch UBND huyện nếu để xảy ra chậm trễ, thiếu sót trong lĩnh vực được giao.",
            "UBND các xã, thị trấn tăng cường kiểm tra, rà soát các khu vực có nguy cơ cao, chủ động phương án xử lý khi có tình huống xảy ra.",
            "Trung tâm Văn hóa, Thông tin và Thể thao huyện đẩy mạnh tuyên truyền để người dân chủ động phòng ngừa, không chủ quan.",
            "Các đơn vị tổng hợp kết quả thực hiện, báo cáo về UBND huyện định kỳ hằng tháng hoặc đột xuất khi có yêu cầu.",
        ],
        "subheads": ["Yêu cầu thực hiện nghiêm", "Phân công nhiệm vụ cụ thể"],
        "lines": [
            "- Phòng Nông nghiệp và Phát triển nông thôn: theo dõi, tham mưu UBND huyện chỉ đạo thực hiện;",
            "- Phòng Tài chính - Kế hoạch: cân đối, bố trí kinh phí thực hiện;",
            "- Công an huyện: phối hợp kiểm tra, xử lý các trường hợp vi phạm;",
            "- UBND các xã, thị trấn: tổ chức thực hiện tại địa phương, báo cáo kết quả về UBND huyện.",
        ],
        "captions": ["Lực lượng chức năng kiểm tra tại {place}"],
    },
    "thong-bao": {
        "titles": [
            "Thông báo lịch tiếp công dân định kỳ của Chủ tịch UBND huyện tháng {month}/{year}",
            "Thông báo tuyển dụng viên chức sự nghiệp giáo dục năm {year}",
            "Thông báo lấy ý kiến Nhân dân về dự thảo điều chỉnh quy hoạch chung {place}",
            "Thông báo đấu giá quyền sử dụng đất tại {place}",
            "Thông báo nghỉ lễ và bố trí trực tại Bộ phận Một cửa huyện dịp {holiday}",
        ],
        "leads": [
            "Văn phòng HĐND và UBND huyện Tân Lập thông báo về việc {about} để các cơ quan, đơn vị và Nhân dân được biết, cụ thể như sau:",
            "Thực hiện quy định hiện hành, UBND huyện Tân Lập thông báo về việc {about} như sau:",
        ],
        "body": [
            "Đề nghị các cơ quan, đơn vị và UBND các xã, thị trấn thông báo rộng rãi để Nhân dân biết, tham gia.",
            "Mọi chi tiết xin liên hệ Văn phòng HĐND và UBND huyện Tân Lập (điện thoại 0200 3850 000) trong giờ hành chính.",
            "Hồ sơ nộp trực tiếp tại Bộ phận Một cửa huyện hoặc qua dịch vụ công trực tuyến của tỉnh.",
        ],
        "subheads": [],
        "lines": [
            "- Thời gian: từ 07 giờ 30 phút, ngày {d}/{year};",
            "- Địa điểm: Hội trường UBND huyện, số 12 đường 30 Tháng 4, thị trấn Tân Lập;",
            "- Thành phần: đại diện lãnh đạo các phòng, ban chuyên môn có liên quan và UBND {place};",
            "- Hồ sơ gồm: đơn, bản sao giấy tờ tùy thân và các tài liệu liên quan (nếu có).",
        ],
        "closing": [
            "Văn phòng HĐND và UBND huyện thông báo để các cơ quan, đơn vị và Nhân dân được biết, thực hiện./.",
            "UBND huyện Tân Lập thông báo để Nhân dân biết, liên hệ thực hiện./.",
        ],
        "captions": [],
    },
}
# (last month a notice for it is posted, holiday); the one after December falls next year
HOLIDAYS = [
    (2, "Tết Nguyên đán"),
    (4, "Giỗ Tổ Hùng Vương và ngày 30/4, 01/5"),
    (8, "Quốc khánh 2/9"),
    (12, "Tết Dương lịch"),
]

# the internal pages: article-like, linked from the menu, disallowed in robots.txt, never in sitemaps
INTERNAL = [
    (
        "Lịch công tác tuần của Thường trực UBND huyện (nội bộ)",
        "Văn phòng HĐND và UBND huyện gửi lịch công tác tuần để các đồng chí lãnh đạo sắp xếp thời gian tham dự.",
        [
            "Lịch chỉ dùng trong nội bộ cơ quan, không đăng tải lại.",
            "Đề nghị các phòng chuẩn bị nội dung báo cáo theo phân công.",
        ],
    ),
    (
        "Danh sách cán bộ trực cơ quan dịp nghỉ lễ (nội bộ)",
        "Văn phòng HĐND và UBND huyện phân công cán bộ trực cơ quan trong những ngày nghỉ lễ.",
        [
            "Cán bộ trực có mặt tại cơ quan từ 07 giờ 00 đến 17 giờ 00.",
            "Trường hợp đột xuất báo cáo ngay cho lãnh đạo Văn phòng.",
        ],
    ),
    (
        "Hướng dẫn sử dụng hệ thống quản lý văn bản và điều hành (nội bộ)",
        "Tài liệu hướng dẫn cán bộ, công chức sử dụng hệ thống quản lý văn bản và điều hành của huyện.",
        [
            "Mỗi cán bộ được cấp một tài khoản, không chia sẻ mật khẩu cho người khác.",
            "Văn bản đến được xử lý trong ngày làm việc.",
        ],
    ),
]
