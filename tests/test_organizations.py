"""Organizations: gazetteer, name grammar, joined parts, levels and places, defined abbreviations, non-matches."""

import json
import re._parser
import unicodedata

import pytest

from extractors.normalize import nfc
from extractors.organizations import find_organizations
from extractors.patterns.organizations import DEFINITION_REACH, DEFINITION_WORDS
from pipeline.bench.extraction import unseen_copy
from tests.growth import assert_grows_linearly

# (sentence, canonical name, level, locality): the sentence must yield an organization with exactly these.
ROWS = [
    # --- Party organs
    ("Thực hiện Kết luận 62-KL/TW của Bộ Chính trị về đổi mới hoạt động.", "Bộ Chính trị", None, None),
    ("Chỉ thị số 49-CT/TW của Ban Bí thư về xây dựng gia đình.", "Ban Bí thư", None, None),
    ("Ban Bí thư Trung ương Đảng ban hành Kết luận 114.", "Ban Bí thư", None, None),
    ("Nghị quyết số 25-NQ/TW của Ban Chấp hành Trung ương Đảng (khóa XI).", "Ban Chấp hành Trung ương Đảng", None, None),
    ("Quy định 08-QĐi/TW của Ban Chấp hành Trung ương về nêu gương.", "Ban Chấp hành Trung ương Đảng", None, None),
    ("Nghị quyết của BCH Trung ương Đảng khóa XIII.", "Ban Chấp hành Trung ương Đảng", None, None),
    ("Ban Thường vụ Tỉnh ủy đã ban hành Kế hoạch số 215-KH/TU.", "Ban Thường vụ Tỉnh ủy", "tỉnh", None),
    ("Ban Thường vụ Huyện ủy Chư Sê đã lãnh đạo Mặt trận.", "Ban Thường vụ Huyện ủy", "huyện", "Chư Sê"),
    ("Dịp này, Ban Thường vụ Thị ủy tặng giấy khen.", "Ban Thường vụ Thị ủy", "thị xã", None),
    ("Ban Dân vận Tỉnh ủy ban hành Hướng dẫn số 12-HD/BDVTU.", "Ban Dân vận Tỉnh ủy", "tỉnh", None),
    ("Báo cáo Ban Dân vận Trung ương theo Hướng dẫn 12-HD/BDVTW.", "Ban Dân vận Trung ương", None, None),
    ("Ban Dân vận Huyện ủy Chư Păh đề nghị nhân rộng mô hình.", "Ban Dân vận Huyện ủy", "huyện", "Chư Păh"),
    ("Ban Tuyên giáo và Dân vận Thị ủy Ayun Pa tổ chức hội nghị.", "Ban Tuyên giáo và Dân vận Thị ủy", "thị xã", "Ayun Pa"),
    ("Ban Tuyên giáo và Dân vận Tỉnh ủy đánh giá cao kết quả.", "Ban Tuyên giáo và Dân vận Tỉnh ủy", "tỉnh", None),
    ("Phối hợp với Ban Tuyên giáo Tỉnh ủy tổ chức hội nghị.", "Ban Tuyên giáo Tỉnh ủy", "tỉnh", None),
    ("Ban Tổ chức Huyện ủy thẩm định hồ sơ.", "Ban Tổ chức Huyện ủy", "huyện", None),
    ("Ban Nội chính Tỉnh ủy theo dõi công tác phòng, chống tham nhũng.", "Ban Nội chính Tỉnh ủy", "tỉnh", None),
    ("Ủy ban Kiểm tra Huyện ủy kiểm tra việc chấp hành kỷ luật.", "Ủy ban Kiểm tra Huyện ủy", "huyện", None),
    ("Uỷ ban Kiểm tra Trung ương đã họp kỳ thứ 20.", "Ủy ban Kiểm tra Trung ương", None, None),
    ("Văn phòng Tỉnh ủy phối hợp tổ chức hội nghị.", "Văn phòng Tỉnh ủy", "tỉnh", None),
    ("Thành ủy Pleiku tổ chức hội nghị sơ kết.", "Thành ủy", "thành phố", "Pleiku"),
    ("Huyện ủy Kbang chỉ đạo tổ chức Tháng Thanh niên.", "Huyện ủy", "huyện", "Kbang"),
    ("Đảng ủy xã Ia Blang lãnh đạo công tác dân vận.", "Đảng ủy", "xã", "Ia Blang"),
    ("Xác định nhiệm vụ trọng tâm, Đảng ủy Công ty đã chỉ đạo Công đoàn.", "Đảng ủy", None, None),
    ("Đảng ủy Quân sự tỉnh chỉ đạo lực lượng vũ trang.", "Đảng ủy Quân sự", "tỉnh", None),
    ("Đảng ủy Công an tỉnh chỉ đạo làm tốt công tác dân vận.", "Đảng ủy Công an", "tỉnh", None),
    ("Đảng ủy Bộ đội Biên phòng tỉnh chỉ đạo lực lượng.", "Đảng ủy Bộ đội Biên phòng", "tỉnh", None),
    ("Chi bộ thôn 3 họp thường kỳ.", "Chi bộ", "thôn", "3"),
    ("Đảng bộ tỉnh Gia Lai lãnh đạo thực hiện thắng lợi nghị quyết.", "Đảng bộ", "tỉnh", "Gia Lai"),
    ("Ban cán sự đảng Ủy ban nhân dân tỉnh lãnh đạo cải cách hành chính.", "Ban cán sự đảng Ủy ban nhân dân", "tỉnh", None),
    ("Đảng đoàn Ủy ban MTTQ Việt Nam tỉnh đổi mới nội dung.", "Đảng đoàn Ủy ban Mặt trận Tổ quốc Việt Nam", "tỉnh", None),
    ("Trường Chính trị tỉnh mở lớp bồi dưỡng.", "Trường Chính trị", "tỉnh", None),
    # --- State
    ("Luật được Quốc hội thông qua ngày 12/6/2018.", "Quốc hội", None, None),
    ("Nghị quyết của Ủy ban Thường vụ Quốc hội, Chính phủ và Đoàn Chủ tịch.", "Ủy ban Thường vụ Quốc hội", None, None),
    ("Nghị định số 59/2023/NĐ-CP của Chính phủ quy định chi tiết.", "Chính phủ", None, None),
    ("Quyết định 1719/QĐ-TTg của Thủ tướng Chính phủ phê duyệt chương trình.", "Thủ tướng Chính phủ", None, None),
    ("Thông tư 121/2017/TT-BTC của Bộ Tài chính quy định.", "Bộ Tài chính", None, None),
    ("Thông tư liên tịch của Bộ Tài chính và Bộ Tư pháp.", "Bộ Tư pháp", None, None),
    ("Bộ Nội vụ hướng dẫn công tác thi đua.", "Bộ Nội vụ", None, None),
    ("Bộ Kế hoạch và Đầu tư chủ trì thẩm định.", "Bộ Kế hoạch và Đầu tư", None, None),
    ("Bộ Lao động - Thương binh và Xã hội hướng dẫn chi trả.", "Bộ Lao động - Thương binh và Xã hội", None, None),
    ("Bộ Nông nghiệp và Môi trường hướng dẫn chuyển đổi cây trồng.", "Bộ Nông nghiệp và Môi trường", None, None),
    ("Bộ Văn hóa, Thể thao và Du lịch phát động cuộc thi.", "Bộ Văn hóa, Thể thao và Du lịch", None, None),
    ("Bộ Dân tộc và Tôn giáo hướng dẫn chính sách.", "Bộ Dân tộc và Tôn giáo", None, None),
    ("Bộ Giáo dục và Đào tạo ban hành thông tư.", "Bộ Giáo dục và Đào tạo", None, None),
    ("Bộ Công an triển khai Đề án 06.", "Bộ Công an", None, None),
    ("Bộ Quốc phòng chỉ đạo các đơn vị giúp dân.", "Bộ Quốc phòng", None, None),
    ("Lãnh đạo Sở Nội vụ, Sở Tư pháp tham dự.", "Sở Tư pháp", None, None),
    ("Sở Lao động - Thương binh và Xã hội tỉnh phối hợp.", "Sở Lao động - Thương binh và Xã hội", "tỉnh", None),
    ("Sở Văn hóa, Thể thao và Du lịch tổ chức Ngày hội.", "Sở Văn hóa, Thể thao và Du lịch", None, None),
    ("Phối hợp với Phòng Lao động - Thương binh và Xã hội giám sát.", "Phòng Lao động - Thương binh và Xã hội", None, None),
    ("UBND huyện phối hợp với Phòng Tư pháp tập huấn.", "Phòng Tư pháp", None, None),
    ("Phòng Tài chính - Kế hoạch huyện thẩm định dự toán.", "Phòng Tài chính - Kế hoạch", "huyện", None),
    ("Phòng Giáo dục và Đào tạo huyện vận động học sinh ra lớp.", "Phòng Giáo dục và Đào tạo", "huyện", None),
    ("Cục Thống kê tỉnh công bố số liệu.", "Cục Thống kê", "tỉnh", None),
    ("Thường trực Hội đồng nhân dân (HĐND) huyện giám sát.", "Thường trực Hội đồng nhân dân", "huyện", None),
    ("Dự thảo nghị quyết của HĐND huyện về hỗ trợ sản xuất.", "Hội đồng nhân dân", "huyện", None),
    ("Ủy ban nhân dân (UBND) thị xã đã chỉ đạo 8 xã, phường.", "Ủy ban nhân dân", "thị xã", None),
    ("Uỷ ban nhân dân (UBND) huyện Krông Pa đã chú trọng hoà giải.", "Ủy ban nhân dân", "huyện", "Krông Pa"),
    ("Mô hình của UBND phường Sông Bờ được nhân rộng.", "Ủy ban nhân dân", "phường", "Sông Bờ"),
    ("UBND huyện đã chỉ đạo UBND các xã, thị trấn kiện toàn tổ hòa giải.", "Ủy ban nhân dân", "xã, thị trấn", None),
    ("Theo Quyết định của UBND tỉnh Gia Lai, toàn huyện có 412 căn nhà.", "Ủy ban nhân dân", "tỉnh", "Gia Lai"),
    ("Tòa án nhân dân huyện phối hợp hòa giải.", "Tòa án nhân dân", "huyện", None),
    ("Viện Kiểm sát nhân dân tỉnh kiểm sát việc giải quyết đơn thư.", "Viện Kiểm sát nhân dân", "tỉnh", None),
    ("Kho bạc Nhà nước huyện kiểm soát chi.", "Kho bạc Nhà nước", "huyện", None),
    ("Phối hợp với Ngân hàng Chính sách xã hội huyện duy trì 42 tổ.", "Ngân hàng Chính sách xã hội", "huyện", None),
    ("NHCSXH huyện giải ngân vốn vay.", "Ngân hàng Chính sách xã hội", "huyện", None),
    ("Ban Dân vận Tỉnh ủy phối hợp với Sở Nội vụ, Thanh tra tỉnh tổ chức thực hiện.", "Thanh tra", "tỉnh", None),
    ("Hội phối hợp với Trung tâm Y tế huyện tổ chức 24 buổi truyền thông.", "Trung tâm Y tế", "huyện", None),
    ("Hỗ trợ Trung tâm Y tế huyện Chư Păh tổ chức tiêm vắc-xin.", "Trung tâm Y tế", "huyện", "Chư Păh"),
    ("Đề nghị Báo Gia Lai và Đài Phát thanh - Truyền hình Gia Lai mở chuyên mục.", "Báo Gia Lai", None, None),
    ("Đề nghị Báo Gia Lai và Đài Phát thanh - Truyền hình Gia Lai mở chuyên mục.", "Đài Phát thanh - Truyền hình", "tỉnh", "Gia Lai"),
    ("Ban Chỉ đạo thực hiện Quy chế dân chủ ở cơ sở tỉnh tổ chức hội nghị.", "Ban Chỉ đạo thực hiện Quy chế dân chủ ở cơ sở", "tỉnh", None),
    ("Ban Giám sát đầu tư của cộng đồng xã Ia Blang đã giám sát công trình.", "Ban Giám sát đầu tư của cộng đồng", "xã", "Ia Blang"),
    ("Mỗi Ban Thanh tra nhân dân cấp xã được bố trí kinh phí.", "Ban Thanh tra nhân dân", "xã", None),
    # --- armed forces and police
    ("Công an thị xã triển khai mô hình “Camera an ninh”.", "Công an", "thị xã", None),
    ("Hội phối hợp với Công an xã Ayun Hạ tổ chức truyền thông.", "Công an", "xã", "Ayun Hạ"),
    ("Bộ Chỉ huy Quân sự tỉnh cử 120 cán bộ, chiến sĩ về giúp dân.", "Bộ Chỉ huy Quân sự", "tỉnh", None),
    ("Ban Chỉ huy Quân sự huyện phối hợp tổ chức lễ giao nhận quân.", "Ban Chỉ huy Quân sự", "huyện", None),
    ("Bộ Chỉ huy Bộ đội Biên phòng tỉnh tổ chức chương trình.", "Bộ Chỉ huy Bộ đội Biên phòng", "tỉnh", None),
    ("Đồn Biên phòng Ia Mơ phối hợp với chính quyền xã.", "Đồn Biên phòng Ia Mơ", None, None),
    # --- Fatherland Front
    ("Ủy ban Mặt trận Tổ quốc Việt Nam (MTTQ) và các đoàn thể thị xã.", "Ủy ban Mặt trận Tổ quốc Việt Nam", None, None),
    ("Ủy ban MTTQ Việt Nam thị xã đã hướng dẫn các xã, phường.", "Ủy ban Mặt trận Tổ quốc Việt Nam", "thị xã", None),
    ("Duy trì giao ban đối với Ủy ban MTTQ Việt Nam các xã, phường.", "Ủy ban Mặt trận Tổ quốc Việt Nam", "xã, phường", None),
    ("Ủy ban MTTQ Việt Nam 15 xã, thị trấn tổ chức giám sát.", "Ủy ban Mặt trận Tổ quốc Việt Nam", "xã, thị trấn", None),
    ("Phối hợp với Uỷ ban Mặt trận Tổ quốc Việt Nam cùng cấp kiện toàn.", "Ủy ban Mặt trận Tổ quốc Việt Nam", "cùng cấp", None),
    ("Ủy ban Mặt trận Tổ quốc Việt Nam cấp xã thực hiện Cuộc vận động.", "Ủy ban Mặt trận Tổ quốc Việt Nam", "xã", None),
    ("Ban Thường trực Ủy ban MTTQ Việt Nam thị xã ký kết chương trình.", "Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam", "thị xã", None),
    ("Ban Dân vận Tỉnh ủy, Ủy ban MTTQ Việt Nam tỉnh, Sở Nội vụ.", "Ủy ban Mặt trận Tổ quốc Việt Nam", "tỉnh", None),
    ("Chương trình phối hợp với Ủy ban Trung ương MTTQ Việt Nam.", "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam", None, None),
    ("Đoàn Chủ tịch Ủy ban Trung ương MTTQ Việt Nam quy định.", "Đoàn Chủ tịch Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam", None, None),
    ("Mặt trận và các đoàn thể đã tổ chức 12 hội nghị đối thoại.", "Mặt trận Tổ quốc Việt Nam", None, None),
    ("Vai trò của Mặt trận Tổ quốc và các đoàn thể.", "Mặt trận Tổ quốc Việt Nam", None, None),
    ("Ban công tác Mặt trận khu dân cư thực hiện tốt nhiệm vụ.", "Ban công tác Mặt trận", "khu dân cư", None),
    # --- mass organizations
    ("Hội Liên hiệp Phụ nữ (LHPN) huyện Phú Thiện đã triển khai.", "Hội Liên hiệp Phụ nữ", "huyện", "Phú Thiện"),
    ("Hội LHPN huyện trao tặng 12 căn nhà.", "Hội Liên hiệp Phụ nữ", "huyện", None),
    ("Hội Nông dân thị xã hỗ trợ nông dân.", "Hội Nông dân", "thị xã", None),
    ("Hội Cựu chiến binh (CCB) và Huyện đoàn đã góp ý.", "Hội Cựu chiến binh", None, None),
    ("Hội Cựu chiến binh (CCB) và Huyện đoàn đã góp ý.", "Huyện đoàn", "huyện", None),
    ("Hội CCB xã phối hợp giữ gìn an ninh trật tự.", "Hội Cựu chiến binh", "xã", None),
    ("Đoàn thanh niên cộng sản Hồ Chí Minh vận động đoàn viên.", "Đoàn Thanh niên Cộng sản Hồ Chí Minh", None, None),
    ("Đoàn TNCS Hồ Chí Minh huyện tổ chức Tháng Thanh niên.", "Đoàn Thanh niên Cộng sản Hồ Chí Minh", "huyện", None),
    ("Đoàn Thanh niên Công ty huy động gần 600 đoàn viên.", "Đoàn Thanh niên Cộng sản Hồ Chí Minh", None, None),
    ("Tỉnh đoàn phối hợp với Ban Thường vụ Huyện ủy Kbang.", "Tỉnh đoàn", "tỉnh", None),
    ("Tỉnh đoàn, Huyện đoàn Kbang vận động các doanh nghiệp.", "Huyện đoàn", "huyện", "Kbang"),
    ("Kế hoạch số 45-KH/TĐTN của Ban Thường vụ Tỉnh đoàn.", "Ban Thường vụ Tỉnh đoàn", "tỉnh", None),
    ("Thị đoàn An Khê tổ chức hiến máu tình nguyện.", "Thị đoàn", "thị xã", "An Khê"),
    ("Chi đoàn thôn 4 ra quân làm đường.", "Chi đoàn", "thôn", "4"),
    ("Liên đoàn Lao động tỉnh đã tặng Bằng khen cho Công đoàn Công ty.", "Liên đoàn Lao động", "tỉnh", None),
    ("Liên đoàn Lao động tỉnh đã tặng Bằng khen cho Công đoàn Công ty.", "Công đoàn", None, None),
    ("LĐLĐ tỉnh trao quà Tết cho đoàn viên.", "Liên đoàn Lao động", "tỉnh", None),
    ("Hội Chữ thập đỏ huyện trao 50 suất quà.", "Hội Chữ thập đỏ", "huyện", None),
    ("Hội Người cao tuổi xã vận động con cháu.", "Hội Người cao tuổi", "xã", None),
    ("Hội Khuyến học huyện trao học bổng.", "Hội Khuyến học", "huyện", None),
    ("Hội Cựu thanh niên xung phong tỉnh thăm hỏi hội viên.", "Hội Cựu thanh niên xung phong", "tỉnh", None),
    ("Hội Doanh nhân trẻ tỉnh ủng hộ Quỹ.", "Hội Doanh nhân trẻ", "tỉnh", None),
    # --- economic, schools, hospitals, press, religious, international (name grammar included)
    ("Công ty TNHH MTV Cao su Chư Păh hiện có 2.140 công nhân.", "Công ty TNHH MTV Cao su Chư Păh", None, None),
    ("Tập đoàn Công nghiệp Cao su Việt Nam ủng hộ xây nhà.", "Tập đoàn Công nghiệp Cao su Việt Nam", None, None),
    ("Hợp tác xã Nông nghiệp Ia Blang liên kết tiêu thụ cà phê.", "Hợp tác xã Nông nghiệp Ia Blang", None, None),
    ("Tỉnh đoàn trao học bổng cho học sinh Trường THPT Anh Hùng Núp, mỗi suất 1 triệu đồng.", "Trường THPT Anh Hùng Núp", None, None),
    ("Bệnh viện Đa khoa tỉnh khám bệnh miễn phí.", "Bệnh viện Đa khoa", "tỉnh", None),
    ("Ngân hàng Nông nghiệp và Phát triển nông thôn chi nhánh huyện cho vay.", "Ngân hàng Nông nghiệp và Phát triển Nông thôn", "huyện", None),
    ("Hội phối hợp với Tổ chức Tầm nhìn Thế giới (World Vision) triển khai dự án.", "Tổ chức Tầm nhìn Thế giới", None, None),
    ("Quỹ Nhi đồng Liên hợp quốc (UNICEF) hỗ trợ nước sạch.", "Quỹ Nhi đồng Liên hợp quốc", None, None),
    ("Ủy ban MTTQ phối hợp với Ủy ban Đoàn kết Công giáo tỉnh vận động giáo dân.", "Ủy ban Đoàn kết Công giáo", "tỉnh", None),
    ("Huyện có 5 giáo xứ thuộc Giáo phận Kon Tum với hơn 31.000 giáo dân.", "Giáo phận Kon Tum", None, None),
    ("Giáo xứ Hà Bầu vận động thành lập 3 tổ hợp tác.", "Giáo xứ Hà Bầu", None, None),
    ("Viện Khoa học Kỹ thuật Nông Lâm nghiệp Tây Nguyên chuyển giao giống.", "Viện Khoa học Kỹ thuật Nông Lâm nghiệp Tây Nguyên", None, None),
    ("Quỹ Hỗ trợ nông dân huyện có tổng nguồn vốn 1,5 tỉ đồng.", "Quỹ Hỗ trợ nông dân", "huyện", None),
    ("Chi hội Nông dân làng Đê Kôn hướng dẫn 28 hộ chuyển đổi.", "Chi hội Nông dân", "làng", "Đê Kôn"),
    ("Ban Quản lý rừng phòng hộ Kbang giao khoán bảo vệ rừng.", "Ban Quản lý rừng phòng hộ Kbang", None, None),
    ("Hội Bảo vệ quyền trẻ em (BVQTE) tỉnh ra mắt.", "Hội Bảo vệ quyền trẻ em", "tỉnh", None),
    ("Ngân hàng Chính sách xã hội chi nhánh tỉnh giải ngân.", "Ngân hàng Chính sách xã hội", "tỉnh", None),
    ("Công an quận Hoàn Kiếm tuần tra.", "Công an", "quận", "Hoàn Kiếm"),
    ("UBND đặc khu Phú Quốc lấy ý kiến nhân dân.", "Ủy ban nhân dân", "đặc khu", "Phú Quốc"),
    ("Ban công tác Mặt trận thôn Quý Đức họp dân.", "Ban công tác Mặt trận", "thôn", "Quý Đức"),
    ("UBMTTQ xã phối hợp vận động nhân dân.", "Ủy ban Mặt trận Tổ quốc Việt Nam", "xã", None),
    ("Hội Liên hiệp phụ nữ thị trấn Phú Túc ra quân.", "Hội Liên hiệp Phụ nữ", "thị trấn", "Phú Túc"),
    ("Phó Chủ tịch UBND tỉnh Nguyễn Thị Thanh Lịch dự hội nghị.", "Ủy ban nhân dân", "tỉnh", None),
    ("Chủ tịch UBND tỉnh Gia Lai Võ Ngọc Thành phát biểu.", "Ủy ban nhân dân", "tỉnh", "Gia Lai"),
    ("Bí thư Tỉnh ủy Hồ Văn Niên chỉ đạo.", "Tỉnh ủy", "tỉnh", None),
    ("Kỳ họp của H\u00d0ND huyện bàn chính sách.", "Hội đồng nhân dân", "huyện", None),
    ("Lãnh đạo UBND TP. Pleiku tiếp công dân.", "Ủy ban nhân dân", "thành phố", "Pleiku"),
    # funds are organizations; a name all in lower case counts before a level word; a lower-case unit head
    ("Quỹ “Vì người nghèo” huyện vận động được 3 tỷ đồng.", "Quỹ Vì người nghèo", "huyện", None),
    ("Năm 2022, hội phụ nữ xã vận động hội viên góp 50 triệu đồng.", "Hội Liên hiệp Phụ nữ", "xã", None),
    ("Ngoài ra, đoàn thanh niên huyện ra quân làm đường.", "Đoàn Thanh niên Cộng sản Hồ Chí Minh", "huyện", None),
    ("Năm 2023, chi hội Tin lành Kon Tum Kơ Nâm tặng quà.", "chi hội Tin lành Kon Tum Kơ Nâm", None, None),
    ("Chi hội Tin lành Plei Thơ vận động tín đồ hiến đất.", "Chi hội Tin lành Plei Thơ", None, None),
    ("Giáo xứ tặng quà; chi hội Tin lành Plei Ơi vận động tín đồ hiến 800 m2 đất mở rộng đường liên thôn.",
     "chi hội Tin lành Plei Ơi", None, None),
]

# (sentence): no organization at all may be found.
MUST_NOT_MATCH = [
    "Góp phần giữ vững mối quan hệ giữa Đảng, Nhà nước với nhân dân.",
    "Sự quan tâm tạo điều kiện của chính quyền các cấp.",
    "Các đoàn thể chính trị - xã hội đã vào cuộc.",
    "Người đứng đầu cấp ủy, chính quyền phải trực tiếp đối thoại.",
    "Ban Thường vụ Huyện ủy ban hành kế hoạch.".replace("Ban Thường vụ Huyện ủy", "huyện ủy"),
    "Hội nghị được kết nối tới 17 điểm cầu huyện, thị xã, thành phố.",
    "Hội viên nghèo được vay vốn không lãi.",
    "Báo cáo tại hội nghị cho thấy kết quả tốt.",
    "Tổ chức Lễ ra quân Tháng Thanh niên năm 2019.",
    "hội viên phụ nữ xã tham gia tổ tiết kiệm.",
    "các chi hội phát động phong trào thi đua.",
    "Hội Liên hiệp Phụ nữ huyện, hội nông dân các xã cùng tham gia.".replace("Hội Liên hiệp Phụ nữ huyện, ", ""),
    "Quyết định số 1250/QĐ-UBND ngày 25/11/2024 về hỗ trợ nhà ở.",
    "Thông tư liên tịch số 04/2011/TTLT-BKHĐT-UBTWMTTQVN-BTC về giám sát.",
    "Nghị quyết số 1206/2016/NQ-UBTVQH13 về chế độ hoạt động phí.",
    "Các hội viên phụ nữ tham gia tổ tiết kiệm.",
    "Tham dự có gần 600 đoàn viên, thanh niên, học sinh.",
    "Các cấp bộ Đoàn trong tỉnh sẽ triển khai công trình.",
    "Mô hình “Buôn không có rác thải” ở buôn Bir, phường Đoàn Kết.",
    "Các công trình phần việc thanh niên được tổ chức có hiệu quả cao.",
    "Đồng chí Trưởng ban nhấn mạnh vai trò của nhân dân.",
    "Thực hiện tốt công tác hòa giải ở cơ sở trong vùng đồng bào.",
    "Toàn tỉnh hiện có 2.315 mô hình “Dân vận khéo” được công nhận.",
    "Các cơ quan, doanh nghiệp và nhà hảo tâm ủng hộ 27 tấn gạo.",
    "Làng Stơr là quê hương của Anh hùng Núp.",
    "Bà con thấy đúng thì làm, không ai phải nhắc hai lần.",
    "Tình làng nghĩa xóm ngày càng gắn bó ở xã Ia Sol.",
    "Sở dĩ phong trào phát triển là nhờ sự đồng thuận.",
    "Phòng chống bạo lực gia đình, tảo hôn được chú trọng.",
    "Đoàn kiểm tra lưu ý việc chuẩn bị triển khai.",
    "Hội thi được tổ chức tại nhà văn hóa làng.",
    "Trường hợp phụ nữ bị bạo lực gia đình được hỗ trợ kịp thời.",
    "Thường trực cơ quan chỉ đạo theo dõi tiến độ.",
    "Thanh tra việc sử dụng kinh phí của các xã.",
    "Ban tổ chức hội thi đã trao giải cho các đội.",
    "Hội nông dân các thôn sinh hoạt định kỳ.",
    "Các chi hội và tổ hội được kiện toàn.",
    "Quỹ khuyến học của các giáo họ cấp học bổng.",
    "Trường hợp khó khăn được xem xét.",
]


@pytest.mark.parametrize("sentence, name, level, locality", ROWS)
def test_organization_is_found_with_its_level_and_place(sentence, name, level, locality):
    found = find_organizations(sentence)
    summary = [(o.name, o.level, o.locality) for o in found]
    assert (name, level, locality) in summary, summary


@pytest.mark.parametrize("sentence", MUST_NOT_MATCH)
def test_generic_words_and_non_names_are_not_organizations(sentence):
    assert find_organizations(sentence) == []


ABBREVIATION_ROWS = [
    ("Ủy ban Mặt trận Tổ quốc Việt Nam (MTTQ) tỉnh chủ trì.", "MTTQ"),
    ("Ủy ban nhân dân (UBND) huyện chỉ đạo.", "UBND"),
    ("Hội phối hợp với Tổ chức Tầm nhìn Thế giới (World Vision) triển khai.", "World Vision"),
    ("Ngân hàng Chính sách xã hội huyện giải ngân.", "NHCSXH"),
]


@pytest.mark.parametrize("sentence, abbreviation", ABBREVIATION_ROWS)
def test_abbreviation_field(sentence, abbreviation):
    assert find_organizations(sentence)[0].abbreviation == abbreviation


def test_abbreviation_defined_in_the_text_binds_the_short_form():
    text = ("Hội Bảo vệ quyền trẻ em (BVQTE) tỉnh ra mắt. Sau đó, BVQTE huyện tổ chức tập huấn.")
    found = find_organizations(text)
    later = [o for o in found if o.text.startswith("BVQTE") and o.start > text.index("Sau")]
    assert later and later[0].name == "Hội Bảo vệ quyền trẻ em" and later[0].level == "huyện"
    before = find_organizations("BVQTE huyện tổ chức tập huấn.")
    assert before == []


def test_locality_is_inferred_from_the_only_place_of_that_level():
    text = "Các đoàn thể trên địa bàn thị xã An Khê. Ủy ban MTTQ Việt Nam thị xã đã hướng dẫn các xã."
    front = [o for o in find_organizations(text) if o.name == "Ủy ban Mặt trận Tổ quốc Việt Nam"][0]
    assert (front.level, front.locality) == ("thị xã", "An Khê")


def test_a_level_naming_several_places_takes_no_locality():
    text = ("Tại xã Đak Rong, Ủy ban nhân dân các xã đưa nội dung vào hương ước; Hội Cựu chiến binh 15 xã và "
            "Ban Thanh tra nhân dân cấp xã tham gia. Đảng ủy xã họp.")
    assert [(o.name, o.level, o.locality) for o in find_organizations(text)] == [
        ("Ủy ban nhân dân", "xã", None), ("Hội Cựu chiến binh", "xã", None), ("Ban Thanh tra nhân dân", "xã", None),
        ("Đảng ủy", "xã", "Đak Rong")]


# (sentence with a place written with two spaces, the mention's text, its locality)
SPACED_PLACE_ROWS = [
    ("Ban Thường vụ Huyện ủy Chư  Sê chỉ đạo các xã.", "Ban Thường vụ Huyện ủy Chư  Sê", "Chư Sê"),
    ("Chủ tịch UBND tỉnh Gia  Lai Võ Ngọc Thành phát biểu.", "UBND tỉnh Gia  Lai", "Gia Lai"),
    ("Chủ tịch UBND xã Ia  Dom Rơ Châm Hyưu cho biết.", "UBND xã Ia  Dom", "Ia Dom"),
    ("Đảng ủy xã Ia\u00a0 Blang lãnh đạo công tác dân vận.", "Đảng ủy xã Ia\u00a0 Blang", "Ia Blang"),
]


@pytest.mark.parametrize("sentence, text, locality", SPACED_PLACE_ROWS)
def test_a_place_written_with_two_spaces_keeps_its_whole_span(sentence, text, locality):
    (found,) = find_organizations(sentence)
    assert (found.text, found.locality) == (text, locality)
    assert nfc(sentence)[found.start:found.end] == found.text


def test_one_object_per_mention_and_offsets_point_into_nfc_text():
    text = "Uỷ ban nhân dân huyện và UBND xã cùng Hội LHPN huyện, Hội Nông dân thị xã."
    found = find_organizations(text)
    assert [o.name for o in found] == ["Ủy ban nhân dân", "Ủy ban nhân dân", "Hội Liên hiệp Phụ nữ", "Hội Nông dân"]
    for o in found:
        assert nfc(text)[o.start:o.end] == o.text


def test_decomposed_input_gives_offsets_into_its_nfc_form():
    text = unicodedata.normalize("NFD", "Thực hiện chỉ đạo của Ban Dân vận Tỉnh ủy, Hội Cựu chiến binh huyện.")
    found = find_organizations(text)
    assert [o.name for o in found] == ["Ban Dân vận Tỉnh ủy", "Hội Cựu chiến binh"]
    for o in found:
        assert nfc(text)[o.start:o.end] == o.text


def test_results_are_frozen_and_serializable():
    found = find_organizations("Ủy ban MTTQ Việt Nam thị xã đã hướng dẫn.")[0]
    assert found.as_dict() == {
        "text": "Ủy ban MTTQ Việt Nam thị xã", "start": 0, "end": 27, "name": "Ủy ban Mặt trận Tổ quốc Việt Nam",
        "abbreviation": "MTTQ", "level": "thị xã", "locality": None, "family": "front", "successor": None,
    }
    with pytest.raises(AttributeError):
        found.name = "x"


def test_former_bodies_name_their_successor():
    found = find_organizations("Ban Dân vận Huyện ủy, Sở Kế hoạch và Đầu tư và Ban Tuyên giáo và Dân vận Tỉnh ủy.")
    assert {o.name: o.successor for o in found} == {
        "Ban Dân vận Huyện ủy": "Ban Tuyên giáo và Dân vận Huyện ủy", "Sở Kế hoạch và Đầu tư": "Sở Tài chính",
        "Ban Tuyên giáo và Dân vận Tỉnh ủy": None}


def test_without_a_tagger_the_grammar_still_reads_capitalized_names(monkeypatch):
    import extractors.organizations.grammar as grammar

    monkeypatch.setattr(grammar, "_tagger", lambda: None)
    grammar._tagged_words.cache_clear()
    try:
        names = [o.name for o in find_organizations("Báo Gia Lai và Trường THPT Anh Hùng Núp, Sở Nội vụ đã họp.")]
    finally:
        grammar._tagged_words.cache_clear()
    assert names == ["Báo Gia Lai", "Trường THPT Anh Hùng Núp", "Sở Nội vụ"]


def test_long_adversarial_input_is_fast():
    """Heads with no name after them, then levels with no place: four times as many cost about four times the time."""
    def heads_then_levels(size: int, copy: int) -> str:
        return unseen_copy(("Ủy ban Ban Hội Sở " * size) + ("huyện xã, " * size), copy)

    assert_grows_linearly(find_organizations, heads_then_levels, 500)


def test_seed_article_finds_every_gold_organization(shared_dir):
    from pipeline.evaluate import org_key

    article = json.loads((shared_dir / "gold" / "seed.json").read_text(encoding="utf-8"))["articles"][0]
    predicted = {org_key(o.name) for o in find_organizations(article["text"])}
    for gold in article["orgs"]:
        keys = {org_key(gold["name"]), *(org_key(a) for a in gold.get("alt", []))}
        assert keys & predicted, gold["name"]


def test_every_data_entry_has_a_vietnamese_example():
    from extractors.datafiles import load_yaml

    entries = [
        *load_yaml("organizations.yaml")["bodies"], *load_yaml("organizations.yaml")["sectors"],
        *load_yaml("abbreviations.yaml")["abbreviations"],
        *load_yaml("org_heads.yaml")["heads"], *load_yaml("org_heads.yaml")["not_modifiers"],
        *load_yaml("admin_levels.yaml")["levels"], *load_yaml("admin_levels.yaml")["titles"],
        load_yaml("places.yaml")["peoples"], load_yaml("places.yaml")["family_names"],
    ]
    vietnamese = set("ăâđêôơưáàảãạếềểễệốồổỗộớờởỡợúùủũụứừửữựíìỉĩịýỳỷỹỵéèẻẽẹóòỏõọ")
    for entry in entries:
        example = entry.get("example", "")
        assert len(example) > 10 and vietnamese & set(example.lower()), entry


def test_every_ministry_of_2025_is_known():
    ministries = [
        "Bộ Quốc phòng", "Bộ Công an", "Bộ Ngoại giao", "Bộ Nội vụ", "Bộ Tư pháp", "Bộ Tài chính",
        "Bộ Công Thương", "Bộ Nông nghiệp và Môi trường", "Bộ Xây dựng", "Bộ Văn hóa, Thể thao và Du lịch",
        "Bộ Khoa học và Công nghệ", "Bộ Giáo dục và Đào tạo", "Bộ Y tế", "Bộ Dân tộc và Tôn giáo",
    ]
    for ministry in ministries:
        found = find_organizations(f"Theo hướng dẫn của {ministry}.")
        assert [(o.name, o.successor) for o in found] == [(ministry, None)], ministry


FAMILY_ROWS = [
    ("Ban Thường vụ Tỉnh đoàn ban hành kế hoạch.", "mass"),
    ("Thường trực HĐND huyện giám sát.", "state"),
    ("Ban Thường vụ Huyện ủy chỉ đạo.", "party"),
    ("Đảng ủy Công an tỉnh chỉ đạo.", "party"),
    ("Ủy ban MTTQ Việt Nam xã vận động.", "front"),
    ("Bộ Chỉ huy Quân sự tỉnh cử cán bộ.", "armed"),
    ("Công ty TNHH Cà phê Đak Đoa ký hợp đồng.", "economic"),
    ("Giáo xứ Hà Bầu vận động giáo dân.", "religious"),
    ("Tổ chức Tầm nhìn Thế giới tài trợ dự án.", "international"),
]


@pytest.mark.parametrize("sentence, family", FAMILY_ROWS)
def test_family_of_a_joined_name_is_that_of_its_body_unless_the_part_is_a_party_organ(sentence, family):
    assert find_organizations(sentence)[0].family == family


def test_definition_reach_bounds_the_words_before_a_short_form():
    """The short form's parenthesis is looked for only DEFINITION_REACH characters after a name: no farther than
    the words of DEFINITION_WORDS may reach."""
    assert re._parser.parse(DEFINITION_WORDS, re.VERBOSE).getwidth()[1] < DEFINITION_REACH


# (words of a tagged phrase, the words joined with where their tags are: an index into the phrase, or "Np")
JOINED_COMPOUND_ROWS = [
    (("Tin", "lành", "vận động"), [("Tin lành", "Np"), ("vận động", 2)]),
    (("Tin", "lành Plei", "Ơi", "vận động"), [("Tin lành", "Np"), ("Plei Ơi", "Np"), ("vận động", 3)]),
    (("Tin", "lành Plei", "vận động"), [("Tin lành", "Np"), ("Plei", 1), ("vận động", 2)]),
    (("Tin", "lành tín đồ"), [("Tin lành", "Np"), ("tín đồ", 1)]),
    (("Cheo Reo", "tặng", "200"), [("Cheo Reo", 0), ("tặng", 1), ("200", 2)]),
    (("Tin",), [("Tin", 0)]),
    ((), []),
]


@pytest.mark.parametrize("words, expected", JOINED_COMPOUND_ROWS)
def test_joined_compounds_keep_where_each_tag_is(words, expected):
    from extractors.organizations.grammar import _joined_compounds
    from extractors.patterns.organizations import organization_patterns

    assert _joined_compounds(words, organization_patterns()) == expected


def _grammar_texts() -> list[str]:
    from scrapers.mirror import load_mirror
    from tests.conftest import GOLD, MIRROR

    mirror = load_mirror(MIRROR)
    texts = [a.title + "\n\n" + "\n".join(a.paragraphs) for a in mirror.articles.values() if a.paragraphs]
    for path in sorted(GOLD.glob("*.json")):
        texts += [article["text"] for article in json.loads(path.read_text(encoding="utf-8"))["articles"]]
    return texts + [row[0] for row in ROWS]


def test_the_grammar_finds_the_same_names_when_every_tag_is_read_first(monkeypatch):
    """The name grammar asks the part-of-speech model only for a lower-case compound after a name: the
    organizations found are those found when every phrase is tagged at once, on the real texts, and the model is
    spared for some phrases."""
    pytest.importorskip("underthesea")
    import extractors.organizations.grammar as grammar
    from extractors.tagging import phrase_tagger

    texts = _grammar_texts()
    tagger = phrase_tagger()
    tagged = []

    def counting(window):
        phrase = tagger(window)
        tagged.append(phrase)
        return phrase

    monkeypatch.setattr(grammar, "_tagger", lambda: counting)
    grammar._tagged_words.cache_clear()
    try:
        lazily = [[o.as_dict() for o in find_organizations(text)] for text in texts]
        spared = sum(1 for phrase in tagged if phrase._tags is None)
        tagged.clear()

        def eager(window):
            phrase = counting(window)
            phrase.pairs()
            return phrase

        monkeypatch.setattr(grammar, "_tagger", lambda: eager)
        grammar._tagged_words.cache_clear()
        at_once = [[o.as_dict() for o in find_organizations(text)] for text in texts]
    finally:
        grammar._tagged_words.cache_clear()
    assert lazily == at_once
    assert all(phrase._tags is not None for phrase in tagged)
    assert 0 < spared < len(tagged)


# (window after a head, where it is first cut and where its settled part ends, as text; None: read whole)
FIRST_CUT_ROWS = [
    (" Tin lành Plei Ơi vận động tín đồ hiến 800 m2 đất mở rộng đường liên thôn",
     (" Tin lành Plei Ơi vận động tín đồ hiến 800 m2 đất mở rộng đường", " Tin lành Plei Ơi vận động tín đồ hiến 800 m2")),
    (" Nông dân làng Đê Kôn hướng dẫn 28 hộ chuyển đổi 45 ha đất trồng mì kém hiệu quả",
     (" Nông dân làng Đê Kôn hướng dẫn 28 hộ chuyển đổi 45", " Nông dân làng Đê Kôn hướng dẫn 28")),
    (" Chỉ đạo công tác dân vận huyện Chư Pưh đã chỉ đạo thực hiện tốt",
     (" Chỉ đạo công tác dân vận huyện Chư Pưh đã chỉ đạo", " Chỉ đạo công tác dân vận huyện Chư")),
    (" Tiểu học Ngô Mây", None),
    (" Hà Bầu vận động thành lập 3 tổ hợp tác trồng cà phê", None),
    ("", None),
]


@pytest.mark.parametrize("window, expected", FIRST_CUT_ROWS)
def test_a_window_is_first_cut_past_its_capitalized_run(window, expected):
    from extractors.organizations.grammar import _first_cut

    cut = _first_cut(window)
    assert (None if cut is None else (window[:cut[0]], window[:cut[1]])) == expected


# (window, its settled part or None for a whole window, (decided, the modifiers as text))
READING_ROWS = [
    (" Hỗ trợ nông dân huyện có tổng nguồn vốn", " Hỗ trợ nông dân huyện có", (True, " Hỗ trợ nông dân")),
    # the tag of "nông dân" is read with one settled word after it only
    (" Hỗ trợ nông dân huyện có tổng nguồn vốn", " Hỗ trợ nông dân huyện", (False, None)),
    # "vận động", the word that ends the reading, ends past the settled part
    (" Hà Bầu vận động thành", " Hà Bầu", (False, None)),
    # the words run out before the reading ends: the window after the cut could go on with the name
    (" Tiểu học Ngô Mây", " Tiểu học Ngô Mây", (False, None)),
    (" Tiểu học Ngô Mây", None, (True, " Tiểu học Ngô Mây")),
    (" Hà Bầu vận động thành", None, (True, " Hà Bầu")),
]


@pytest.mark.parametrize("window, settled, expected", READING_ROWS)
def test_a_cut_window_is_read_only_where_its_words_are_settled(window, settled, expected):
    pytest.importorskip("underthesea")
    from extractors.organizations.grammar import _read_modifiers
    from extractors.patterns.organizations import organization_patterns

    decided, end = _read_modifiers(window, organization_patterns(), None if settled is None else len(settled))
    assert (decided, window[:end] if decided and end is not None else None) == expected


def test_a_window_read_to_its_first_cut_gives_the_names_of_the_whole_window(monkeypatch):
    """On the real texts, the names read from the windows cut first are those read from the whole windows; some
    cut windows are decided, others read again whole."""
    pytest.importorskip("underthesea")
    import extractors.organizations.grammar as grammar

    texts = _grammar_texts()
    decided = []
    read = grammar._read_modifiers

    def recording(window, patterns, settled):
        result = read(window, patterns, settled)
        if settled is not None:
            decided.append(result[0])
        return result

    monkeypatch.setattr(grammar, "_read_modifiers", recording)
    first_cut = [[o.as_dict() for o in find_organizations(text)] for text in texts]
    monkeypatch.setattr(grammar, "_first_cut", lambda window: None)
    whole = [[o.as_dict() for o in find_organizations(text)] for text in texts]
    assert first_cut == whole
    assert any(decided) and not all(decided)


# (window of capitalized syllables, the modifiers read without the segmenter as text; None: the segmenter reads it)
CAPITALIZED_ROWS = [
    (" Hà Bầu", " Hà Bầu"),
    (" THPT Anh Hùng Núp", " THPT Anh Hùng Núp"),
    ("  Đak Đoa ", "  Đak Đoa"),
    (" Gia Lai Huyện", None),          # a level word
    (" Hà Thành Phố", None),           # a level word of two syllables
    (" Plei Ơi", None),                # "plei" names a village
    (" Lễ Ra Quân", None),             # no modifier first
    (" Hà Bầu vận động", None),        # a lower-case syllable
    (" Chư  Păh", None),               # two spaces
    (" H'Bông", None),                 # not a plain phrase
    (" Hà Bầu 2", None),               # a digit
    ("", None),
]


@pytest.mark.parametrize("window, expected", CAPITALIZED_ROWS)
def test_a_window_of_capitalized_syllables_is_read_without_the_segmenter(window, expected):
    pytest.importorskip("underthesea")
    from extractors.organizations.grammar import _capitalized_end, _read_modifiers
    from extractors.patterns.organizations import organization_patterns

    patterns = organization_patterns()
    end = _capitalized_end(window, patterns)
    assert (None if end is None else window[:end]) == expected
    if end is not None:
        assert _read_modifiers(window, patterns, settled=None) == (True, end)


def test_the_names_read_without_the_segmenter_are_those_it_reads(monkeypatch):
    """On the real texts, reading windows of capitalized syllables without the segmenter finds the same names as
    the segmenter does, for some windows."""
    pytest.importorskip("underthesea")
    import extractors.organizations.grammar as grammar

    texts = _grammar_texts()
    read_alone = []
    capitalized_end = grammar._capitalized_end

    def recording(window, patterns):
        end = capitalized_end(window, patterns)
        read_alone.append(end is not None)
        return end

    monkeypatch.setattr(grammar, "_capitalized_end", recording)
    without = [[o.as_dict() for o in find_organizations(text)] for text in texts]
    monkeypatch.setattr(grammar, "_capitalized_end", lambda window, patterns: None)
    segmented = [[o.as_dict() for o in find_organizations(text)] for text in texts]
    assert without == segmented
    assert any(read_alone) and not all(read_alone)


# (text, short form, where its uses are looked for from, the spans of its uses as a word of its own)
SHORT_FORM_USE_ROWS = [
    ("CCB và CCB-x, CCBs, /CCB, xCCB, CCB/, _CCB CCB", "CCB", 0, [(0, 3), (7, 10), (43, 46)]),
    ("(CCB) CCB", "CCB", 5, [(6, 9)]),
    ("xCCB CCB", "CCB", 1, [(1, 4), (5, 8)]),      # nothing before where the uses are looked for from
    ("GD&ĐT và GD&ĐTx", "GD&ĐT", 0, [(0, 5)]),
    ("AAAA", "AA", 0, []),
    ("Hội CCB xã", "CCB", 8, []),
]


@pytest.mark.parametrize("text, short, start, expected", SHORT_FORM_USE_ROWS)
def test_the_uses_of_a_defined_short_form_are_those_of_its_pattern(text, short, start, expected):
    from extractors.organizations.assembly import _uses

    assert list(_uses(text, short, start)) == expected
    pattern = re.compile(rf"(?<![\w/\-]){re.escape(short)}(?![\w/])")
    assert [(start + m.start(), start + m.end()) for m in pattern.finditer(text[start:])] == expected
