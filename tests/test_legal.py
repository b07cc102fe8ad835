"""Legal references: numbers and symbols, kinds, dates, issuers, titles, lists, laws by name, short forms."""

import json
import random
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors import extract
from extractors.legal import LegalRef, find_legal_refs
from extractors.normalize import nfc
from tests.growth import cpu_seconds

# (sentence, the references found in order, each given by the fields it must have; fields not listed are free)
LEGAL_ROWS = [
    # --- Party style numbers ---
    ("Thực hiện Kết luận 62- KL/TW, ngày 08 tháng 12 năm 2009 của Bộ Chính trị về đổi mới hoạt động của Mặt trận.",
     [{"text": "Kết luận 62- KL/TW", "doc_type": "Kết luận", "number": "62", "symbol": "KL/TW", "key": "62-KL/TW",
       "issued_on": "2009-12-08", "issuer": "Bộ Chính trị", "year": 2009,
       "title": "về đổi mới hoạt động của Mặt trận"}]),
    ("Quán triệt Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị đến cán bộ, đảng viên.",
     [{"key": "05-CT/TW", "doc_type": "Chỉ thị", "number": "05", "issued_on": "2016-05-15", "issuer": "Bộ Chính trị"}]),
    ("Tỉnh ủy ban hành Nghị quyết số 04-NQ/TU về công tác dân vận trong tình hình mới.",
     [{"key": "04-NQ/TU", "doc_type": "Nghị quyết", "issuer": None,
       "title": "về công tác dân vận trong tình hình mới"}]),
    ("Tỉnh đoàn triển khai Kế hoạch số 45-KH/HĐTN về tổ chức Tháng Thanh niên.",
     [{"key": "45-KH/HĐTN", "doc_type": "Kế hoạch", "symbol": "KH/HĐTN"}]),
    ("Các địa phương làm theo Hướng dẫn số 12-HD/BDVTW của Ban Dân vận Trung ương.",
     [{"key": "12-HD/BDVTW", "doc_type": "Hướng dẫn", "issuer": "Ban Dân vận Trung ương"}]),
    ("Bộ Chính trị ban hành Quyết định số 217-QĐ/TW về Quy chế giám sát và phản biện xã hội.",
     [{"key": "217-QĐ/TW", "doc_type": "Quyết định", "number": "217"}]),
    ("Quy định số 08-QĐi/TW ngày 25/10/2018 của Ban Chấp hành Trung ương về trách nhiệm nêu gương.",
     [{"key": "08-QĐi/TW", "doc_type": "Quy định", "issued_on": "2018-10-25",
       "issuer": "Ban Chấp hành Trung ương Đảng"}]),
    ("Đảng ủy thực hiện 08-QĐi/TW về trách nhiệm nêu gương của cán bộ, đảng viên.",
     [{"key": "08-QĐi/TW", "doc_type": "Quy định", "text": "08-QĐi/TW"}]),
    ("Thực hiện Kết luận số 62 -KL/TW của Bộ Chính trị, Mặt trận tỉnh đổi mới phương thức.",
     [{"key": "62-KL/TW", "text": "Kết luận số 62 -KL/TW", "issuer": "Bộ Chính trị"}]),
    ("Thực hiện Kết luận số 62 – KL/TW của Bộ Chính trị (khóa X), các đoàn thể đã xây dựng chương trình.",
     [{"key": "62-KL/TW", "issuer": "Bộ Chính trị (khóa X)"}]),
    ("Tiếp tục thực hiện Kết luận số: 62—KL/TW, Mặt trận các cấp tăng cường giám sát.",
     [{"key": "62-KL/TW", "text": "Kết luận số: 62—KL/TW"}]),
    ("Ban Thường vụ Tỉnh ủy đã ban hành KẾT LUẬN SỐ 15-KL/TU về công tác dân vận.",
     [{"key": "15-KL/TU", "doc_type": "Kết luận", "text": "KẾT LUẬN SỐ 15-KL/TU"}]),
    ("Thực hiện kết luận số 15-KL/TU của Ban Thường vụ Tỉnh ủy, huyện đã tổ chức hội nghị.",
     [{"key": "15-KL/TU", "doc_type": "Kết luận", "issuer": "Ban Thường vụ Tỉnh ủy"}]),
    ("Căn cứ Nghị quyết số 25-NQ/TW ngày 03/6/2013 của Ban Chấp hành Trung ương Đảng (khóa XI) về công tác dân vận.",
     [{"key": "25-NQ/TW", "issued_on": "2013-06-03", "issuer": "Ban Chấp hành Trung ương Đảng (khóa XI)",
       "title": "về công tác dân vận"}]),
    ("Nghị quyết số 25-NQ/TW của Hội nghị lần thứ bảy Ban Chấp hành Trung ương Đảng khóa XI đã đi vào cuộc sống.",
     [{"key": "25-NQ/TW", "issuer": "Ban Chấp hành Trung ương Đảng (khóa XI)"}]),
    ("Thực hiện Chỉ thị số 49-CT/TW của Ban Bí thư (khóa X) về xây dựng gia đình.",
     [{"key": "49-CT/TW", "issuer": "Ban Bí thư (khóa X)"}]),
    ("Ban Dân vận Tỉnh ủy ban hành Công văn số 15-CV/BDVTU hướng dẫn tổng kết năm.",
     [{"key": "15-CV/BDVTU", "doc_type": "Công văn", "issuer": None, "symbol_issuer": "Ban Dân vận Tỉnh ủy"}]),
    ("Báo cáo số 123-BC/BDVTU tổng kết công tác dân vận năm 2020 được gửi về Trung ương.",
     [{"key": "123-BC/BDVTU", "doc_type": "Báo cáo"}]),
    ("Huyện ủy ban hành Đề án số 03-ĐA/HU về nâng cao chất lượng công tác dân vận.",
     [{"key": "03-ĐA/HU", "doc_type": "Đề án"}]),
    ("Thành ủy ban hành Chương trình hành động số 15-CTr/ThU thực hiện Nghị quyết Đại hội.",
     [{"key": "15-CTr/ThU", "doc_type": "Chương trình hành động"}]),
    ("Bộ Chính trị ban hành Thông báo kết luận số 160-TB/TW về Đề án đổi mới phương thức lãnh đạo.",
     [{"key": "160-TB/TW", "doc_type": "Thông báo kết luận"}]),
    ("Ban Thường vụ Tỉnh ủy ban hành Quy chế số 12-QC/TU về công tác dân vận của hệ thống chính trị.",
     [{"key": "12-QC/TU", "doc_type": "Quy chế"}]),
    # --- State style numbers ---
    ("Kinh phí thực hiện theo Thông tư 121/2017/TT-BTC, ngày 15/11/2017 của Bộ Tài chính quy định quản lý kinh phí.",
     [{"key": "121/2017/TT-BTC", "doc_type": "Thông tư", "number": "121", "year": 2017, "symbol": "TT-BTC",
       "issued_on": "2017-11-15", "issuer": "Bộ Tài chính"}]),
    ("Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ về công tác văn thư được áp dụng.",
     [{"key": "30/2020/NĐ-CP", "doc_type": "Nghị định", "issued_on": "2020-03-05", "issuer": "Chính phủ",
       "title": "về công tác văn thư được áp dụng"}]),
    ("Theo Quyết định số 1250/QĐ-UBND ngày 20 tháng 11 năm 2020 của UBND tỉnh về việc kiện toàn Ban Chỉ đạo.",
     [{"key": "1250/QĐ-UBND", "issued_on": "2020-11-20", "issuer": "Ủy ban nhân dân tỉnh",
       "title": "về việc kiện toàn Ban Chỉ đạo", "year": 2020}]),
    ("Quyết định số 1250/QĐ-UBND của UBND tỉnh Gia Lai về việc kiện toàn Ban Chỉ đạo.",
     [{"key": "1250/QĐ-UBND", "issuer": "Ủy ban nhân dân tỉnh Gia Lai"}]),
    ("Quyết định số 1719/QĐ-TTg ngày 14/10/2021 của Thủ tướng Chính phủ phê duyệt Chương trình mục tiêu quốc gia.",
     [{"key": "1719/QĐ-TTg", "issued_on": "2021-10-14", "issuer": "Thủ tướng Chính phủ"}]),
    ("Quyết định số 1719/QĐ-TTg phê duyệt Chương trình mục tiêu quốc gia phát triển vùng đồng bào dân tộc thiểu số.",
     [{"key": "1719/QĐ-TTg", "issuer": None, "symbol_issuer": "Thủ tướng Chính phủ"}]),
    ("Chính phủ ban hành Nghị quyết số 42/NQ-CP ngày 09/4/2020 về các biện pháp hỗ trợ người dân.",
     [{"key": "42/NQ-CP", "doc_type": "Nghị quyết", "issued_on": "2020-04-09", "year": 2020}]),
    ("Thông tư liên tịch số 01/2019/TTLT-BTC-BNV hướng dẫn chế độ chi cho cán bộ.",
     [{"key": "01/2019/TTLT-BTC-BNV", "doc_type": "Thông tư liên tịch", "symbol": "TTLT-BTC-BNV"}]),
    ("Căn cứ Luật số 25/2018/QH14 của Quốc hội khóa XIV, các cơ quan tiếp nhận tố cáo.",
     [{"key": "25/2018/QH14", "doc_type": "Luật", "year": 2018, "issuer": "Quốc hội (khóa XIV)"}]),
    ("Luật Tố cáo số 25/2018/QH14 có hiệu lực từ ngày 01/01/2019.",
     [{"key": "25/2018/QH14", "doc_type": "Luật", "name": "Luật Tố cáo", "text": "Luật Tố cáo số 25/2018/QH14"}]),
    ("UBND huyện ban hành Kế hoạch số 56/KH-UBND ngày 1-7-2016 về tuyên truyền bầu cử.",
     [{"key": "56/KH-UBND", "doc_type": "Kế hoạch", "issued_on": "2016-07-01"}]),
    ("Ủy ban nhân dân tỉnh có Công văn số 1234/UBND-NC về việc tăng cường công tác dân vận.",
     [{"key": "1234/UBND-NC", "doc_type": "Công văn", "title": "về việc tăng cường công tác dân vận"}]),
    ("Thủ tướng Chính phủ ban hành Công điện số 05/CĐ-TTg về phòng, chống dịch.",
     [{"key": "05/CĐ-TTg", "doc_type": "Công điện"}]),
    ("UBND xã xây dựng Phương án số 02/PA-UBND về di dời dân cư vùng sạt lở.",
     [{"key": "02/PA-UBND", "doc_type": "Phương án"}]),
    ("Sở Nội vụ có Tờ trình số 56/TTr-SNV đề nghị phê duyệt đề án.",
     [{"key": "56/TTr-SNV", "doc_type": "Tờ trình"}]),
    ("Nghị quyết số 15/2021/NQ-HĐND của HĐND tỉnh Gia Lai quy định mức chi.",
     [{"key": "15/2021/NQ-HĐND", "issuer": "Hội đồng nhân dân tỉnh Gia Lai", "year": 2021}]),
    ("Xã thực hiện Nghị quyết liên tịch số 403/2017/NQLT-UBTVQH14-CP-ĐCTUBTWMTTQVN về giám sát.",
     [{"key": "403/2017/NQLT-UBTVQH14-CP-ĐCTUBTWMTTQVN", "doc_type": "Nghị quyết liên tịch"}]),
    ("Chủ tịch nước ký Lệnh số 05/2022/L-CTN công bố luật.",
     [{"key": "05/2022/L-CTN", "doc_type": "Lệnh"}]),
    ("Ban Bí thư ban hành Quyết định 290-QĐ/TW ngày 25/02/2010 về Quy chế công tác dân vận.",
     [{"key": "290-QĐ/TW", "issued_on": "2010-02-25"}]),
    ("UBND tỉnh ban hành Quyết định số 1250/QĐ - UBND hướng dẫn thực hiện.",
     [{"key": "1250/QĐ-UBND"}]),
    ("Trên trang tin, Quyết định số 1250/QĐ-ubnd của huyện được đăng tải đầy đủ.",
     [{"key": "1250/QĐ-UBND"}]),
    ("Thông tư số 121/2017/TT-BTC ban hành ngày 15/11/2017 của Bộ Tài chính được áp dụng.",
     [{"key": "121/2017/TT-BTC", "issued_on": "2017-11-15", "issuer": "Bộ Tài chính"}]),
    ("Nghị quyết số 25-NQ/TW (ngày 03/6/2013) của Ban Chấp hành Trung ương được quán triệt.",
     [{"key": "25-NQ/TW", "issued_on": "2013-06-03", "issuer": "Ban Chấp hành Trung ương Đảng"}]),
    ("Kế hoạch số 45-KH/TĐTN ngày 15/01/2019 của Ban Thường vụ Tỉnh đoàn được triển khai.",
     [{"key": "45-KH/TĐTN", "issuer": "Ban Thường vụ Tỉnh đoàn", "issued_on": "2019-01-15"}]),
    ("Các cấp thực hiện Hướng dẫn số 27/HD-MTTW-BTT của Ban Thường trực Ủy ban Trung ương MTTQ Việt Nam.",
     [{"key": "27/HD-MTTW-BTT", "issuer": "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam"}]),
    ("Nghị quyết số 25-NQ/TW, ngày 03/6/2013, Hội nghị lần thứ bảy Ban Chấp hành Trung ương Đảng (khóa XI) "
     "nêu rõ.",
     [{"key": "25-NQ/TW", "issued_on": "2013-06-03", "issuer": "Ban Chấp hành Trung ương Đảng (khóa XI)"}]),
    ("Quyết định số 2105/QĐ-UBND của Chủ tịch UBND huyện Chư Sê khen thưởng 12 tập thể.",
     [{"key": "2105/QĐ-UBND", "issuer": "Chủ tịch Ủy ban nhân dân huyện Chư Sê"}]),
    # --- abbreviated kinds in running text, a line break, odd spellings ---
    ("Sau 10 năm thực hiện NQ 25-NQ/TW, công tác dân vận có nhiều chuyển biến.",
     [{"key": "25-NQ/TW", "doc_type": "Nghị quyết", "text": "NQ 25-NQ/TW"}]),
    ("Thực hiện QĐ số 217-QĐ/TW, Mặt trận tỉnh đã giám sát 25 cuộc.",
     [{"key": "217-QĐ/TW", "doc_type": "Quyết định", "text": "QĐ số 217-QĐ/TW"}]),
    ("Thực hiện Kết luận số 62-\nKL/TW của Bộ Chính trị, Mặt trận đổi mới phương thức.",
     [{"key": "62-KL/TW", "text": "Kết luận số 62-\nKL/TW", "issuer": "Bộ Chính trị"}]),
    ("Thực hiện Quyết định\nsố 1250/QĐ-UBND, huyện đã kiện toàn Ban Chỉ đạo.",
     [{"key": "1250/QĐ-UBND", "text": "Quyết định\nsố 1250/QĐ-UBND"}]),
    ("Số: 62-KL/TW là số ký hiệu của văn bản được trích dẫn.",
     [{"key": "62-KL/TW", "doc_type": "Kết luận", "text": "62-KL/TW"}]),
    ("Kết luận số 62‑KL/TW dùng gạch nối không ngắt, Kết luận số 62−KL/TW dùng dấu trừ.",
     [{"key": "62-KL/TW"}, {"key": "62-KL/TW"}]),
    ("Quyết định số 1250/QÐ-UBND của UBND thị xã được đăng trên trang tin.",
     [{"key": "1250/QĐ-UBND", "symbol": "QĐ-UBND", "issuer": "Ủy ban nhân dân thị xã"}]),
    ("Thực hiện Kết luận số 62-KL/tw của Bộ Chính trị, Mặt trận tỉnh tổ chức hội nghị.",
     [{"key": "62-KL/TW", "symbol": "KL/TW"}]),
    ("Ban hanh kem theo Quyet dinh so 1250/QD-UBND va Nghi dinh 30/2020/ND-CP (van ban go khong dau).",
     [{"key": "1250/QĐ-UBND", "doc_type": "Quyết định"}, {"key": "30/2020/NĐ-CP", "doc_type": "Nghị định"}]),
    # --- coordinated lists ---
    ("Thực hiện Quyết định số 217-QĐ/TW và 218-QĐ/TW ngày 12/12/2013 của Bộ Chính trị về giám sát và góp ý.",
     [{"key": "217-QĐ/TW", "text": "Quyết định số 217-QĐ/TW", "issued_on": "2013-12-12", "issuer": "Bộ Chính trị",
       "doc_type": "Quyết định"},
      {"key": "218-QĐ/TW", "text": "218-QĐ/TW", "issued_on": "2013-12-12", "issuer": "Bộ Chính trị",
       "doc_type": "Quyết định"}]),
    ("Quán triệt Chỉ thị 05-CT/TW, Kết luận 01-KL/TW ngày 18/5/2021 của Bộ Chính trị.",
     [{"key": "05-CT/TW", "doc_type": "Chỉ thị", "issuer": "Bộ Chính trị", "issued_on": "2021-05-18"},
      {"key": "01-KL/TW", "doc_type": "Kết luận", "issuer": "Bộ Chính trị", "issued_on": "2021-05-18"}]),
    ("Ban hành Quy định số 123-QĐ/TW và 124-QĐ/TW của Bộ Chính trị.",
     [{"key": "123-QĐ/TW", "doc_type": "Quy định", "issuer": "Bộ Chính trị"},
      {"key": "124-QĐ/TW", "doc_type": "Quy định", "issuer": "Bộ Chính trị"}]),
    ("Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị và Kết luận số 01-KL/TW ngày 18/5/2021 của Bộ Chính trị.",
     [{"key": "05-CT/TW", "issued_on": "2016-05-15"}, {"key": "01-KL/TW", "issued_on": "2021-05-18"}]),
    ("Thông tư 121/2017/TT-BTC và Nghị định 30/2020/NĐ-CP ngày 05/3/2020 đều được áp dụng.",
     [{"key": "121/2017/TT-BTC", "issued_on": None}, {"key": "30/2020/NĐ-CP", "issued_on": "2020-03-05"}]),
    ("Quyết định số 217-QĐ/TW; 218-QĐ/TW của Bộ Chính trị được thực hiện nghiêm túc.",
     [{"key": "217-QĐ/TW", "issuer": "Bộ Chính trị"}, {"key": "218-QĐ/TW", "issuer": "Bộ Chính trị"}]),
    ("Kết luận số 62-KL/TW ngày 08/12/2009 và Kết luận số 120-KL/TW ngày 07/01/2016 của Bộ Chính trị "
     "được thực hiện.",
     [{"key": "62-KL/TW", "issued_on": "2009-12-08", "issuer": "Bộ Chính trị"},
      {"key": "120-KL/TW", "issued_on": "2016-01-07", "issuer": "Bộ Chính trị"}]),
    ("Kết luận số 62-KL/TW về Mặt trận và Kết luận số 120-KL/TW của Bộ Chính trị được quán triệt.",
     [{"key": "62-KL/TW", "issuer": None, "title": "về Mặt trận"}, {"key": "120-KL/TW", "issuer": "Bộ Chính trị"}]),
    ("Thực hiện Kết luận 62-KL/TW ngày 08/12/2009, Thông tư 121/2017/TT-BTC ngày 15/11/2017 của Bộ Tài chính.",
     [{"key": "62-KL/TW", "issued_on": "2009-12-08", "issuer": None},
      {"key": "121/2017/TT-BTC", "issued_on": "2017-11-15", "issuer": "Bộ Tài chính"}]),
    # --- laws and codes by name ---
    ("Mặt trận thực hiện Luật Mặt trận Tổ quốc Việt Nam năm 2015 và các văn bản hướng dẫn.",
     [{"key": None, "doc_type": "Luật", "name": "Luật Mặt trận Tổ quốc Việt Nam", "year": 2015,
       "text": "Luật Mặt trận Tổ quốc Việt Nam năm 2015"}]),
    ("Công đoàn tuyên truyền Bộ luật Lao động 2019 đến người lao động.",
     [{"key": None, "doc_type": "Bộ luật", "name": "Bộ luật Lao động", "year": 2019}]),
    ("Hiến pháp năm 2013 khẳng định vai trò của Mặt trận Tổ quốc Việt Nam.",
     [{"key": None, "doc_type": "Hiến pháp", "name": "Hiến pháp", "year": 2013}]),
    ("Triển khai Luật Thực hiện dân chủ ở cơ sở năm 2022 đến toàn thể cán bộ, đảng viên.",
     [{"key": None, "name": "Luật Thực hiện dân chủ ở cơ sở", "year": 2022}]),
    ("Tuyên truyền Luật Tín ngưỡng, tôn giáo năm 2016 đến chức sắc, tín đồ.",
     [{"key": None, "name": "Luật Tín ngưỡng, tôn giáo", "year": 2016}]),
    ("Thực hiện Pháp lệnh Thực hiện dân chủ ở xã, phường, thị trấn năm 2007 đạt kết quả tốt.",
     [{"key": None, "doc_type": "Pháp lệnh", "name": "Pháp lệnh Thực hiện dân chủ ở xã, phường, thị trấn",
       "year": 2007}]),
    ("Hội thi tìm hiểu Luật Ngân sách nhà nước, Luật Đầu tư công năm 2019 thu hút đông đảo đoàn viên.",
     [{"name": "Luật Ngân sách nhà nước", "year": None}, {"name": "Luật Đầu tư công", "year": 2019}]),
    ("Bộ luật Hình sự năm 2015 và Luật Đất đai 2013 được phổ biến tại các thôn, làng.",
     [{"name": "Bộ luật Hình sự", "year": 2015}, {"name": "Luật Đất đai", "year": 2013}]),
    ("Cán bộ, đảng viên nghiên cứu Luật Đất đai (sửa đổi) năm 2024 trước khi tuyên truyền.",
     [{"name": "Luật Đất đai", "year": 2024, "text": "Luật Đất đai (sửa đổi) năm 2024"}]),
    ("Theo Công văn số 123/UBND-VX ngày 2/3/2021 của UBND thị xã An Khê V/v tăng cường công tác dân vận.",
     [{"key": "123/UBND-VX", "issuer": "Ủy ban nhân dân thị xã An Khê", "title": "V/v tăng cường công tác dân vận",
       "issued_on": "2021-03-02"}]),
    ("Quán triệt Nghị quyết số 43-NQ/TW ngày 24/01/2024 của Hội nghị Trung ương 8 khóa XIII về đại đoàn kết.",
     [{"key": "43-NQ/TW", "issuer": "Ban Chấp hành Trung ương Đảng (khóa XIII)"}]),
    ("Thực hiện các Nghị quyết: 25-NQ/TW, 26-NQ/TW của Trung ương.",
     [{"key": "25-NQ/TW", "issuer": "Ban Chấp hành Trung ương Đảng"},
      {"key": "26-NQ/TW", "doc_type": "Nghị quyết", "issuer": "Ban Chấp hành Trung ương Đảng"}]),
    ("Hội thi tìm hiểu Luật Bảo vệ và phát triển rừng năm 2004 thu hút đông đảo đoàn viên.",
     [{"name": "Luật Bảo vệ và phát triển rừng", "year": 2004}]),
    ("Tuyên truyền Luật Phòng, chống tác hại của rượu, bia năm 2019 tới hội viên.",
     [{"name": "Luật Phòng, chống tác hại của rượu, bia", "year": 2019}]),
    ("Các hộ được giao đất theo Luật Đất đai và Quyết định số 12/QĐ-UBND của UBND huyện.",
     [{"key": None, "name": "Luật Đất đai", "year": None, "text": "Luật Đất đai"},
      {"key": "12/QĐ-UBND", "doc_type": "Quyết định", "name": None, "text": "Quyết định số 12/QĐ-UBND"}]),
    # --- short forms ---
    ("Nghị quyết số 25-NQ/TW ngày 03/6/2013 của Ban Chấp hành Trung ương được quán triệt. Sau 10 năm thực hiện "
     "Nghị quyết 25, công tác dân vận chuyển biến rõ.",
     [{"key": "25-NQ/TW", "resolved_from": None},
      {"key": "25-NQ/TW", "text": "Nghị quyết 25", "resolved_from": "short_form", "doc_type": "Nghị quyết",
       "issued_on": "2013-06-03", "issuer": "Ban Chấp hành Trung ương Đảng"}]),
    ("Quyết định số 217-QĐ/TW và 218-QĐ/TW của Bộ Chính trị được thực hiện; Quyết định 218 quy định việc góp ý.",
     [{"key": "217-QĐ/TW"}, {"key": "218-QĐ/TW"},
      {"key": "218-QĐ/TW", "text": "Quyết định 218", "resolved_from": "short_form"}]),
    ("Sau 15 năm thực hiện Kết luận 62, Mặt trận các cấp đã đổi mới phương thức.",
     [{"key": None, "text": "Kết luận 62", "number": "62", "doc_type": "Kết luận", "resolved_from": None}]),
    ("Kết luận số 62-KL/TW của Bộ Chính trị đã đi vào cuộc sống; Nghị quyết 62 là một văn bản khác.",
     [{"key": "62-KL/TW"}, {"key": None, "number": "62", "doc_type": "Nghị quyết"}]),
    ("Quán triệt NQ 25 của Trung ương đến cán bộ, đảng viên.",
     [{"key": None, "text": "NQ 25", "doc_type": "Nghị quyết", "number": "25",
       "issuer": "Ban Chấp hành Trung ương Đảng"}]),
    ("Thực hiện QĐ số 217 của Bộ Chính trị, Mặt trận giám sát chặt chẽ.",
     [{"key": None, "text": "QĐ số 217", "doc_type": "Quyết định", "number": "217", "issuer": "Bộ Chính trị"}]),
    ("Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị được thực hiện; Chỉ thị 5 là cách gọi tắt.",
     [{"key": "05-CT/TW"}, {"key": "05-CT/TW", "resolved_from": "short_form", "issued_on": "2016-05-15"}]),
    ("Nghị quyết số 25 ngày 03/6/2013 của Ban Chấp hành Trung ương về công tác dân vận.",
     [{"key": None, "number": "25", "issued_on": "2013-06-03", "year": 2013}]),
    # --- official letters with a department code ---
    ("UBND huyện triển khai Công văn số 1520/UBND-VX ngày 03/4/2023 của UBND tỉnh về công tác xã hội.",
     [{"key": "1520/UBND-VX", "doc_type": "Công văn", "issuer": "Ủy ban nhân dân tỉnh", "issued_on": "2023-04-03"}]),
    ("Thực hiện văn bản số 317/SNV-TCBC của Sở Nội vụ về tuyển dụng viên chức.",
     [{"key": "317/SNV-TCBC", "doc_type": "Văn bản", "issuer": "Sở Nội vụ", "issuers": ["Sở Nội vụ"]}]),
    ("Theo Văn bản số 2210/SGDĐT-GDTrH ngày 9/9/2022 của Sở Giáo dục và Đào tạo tỉnh Gia Lai.",
     [{"key": "2210/SGDĐT-GDTrH", "issuer": "Sở Giáo dục và Đào tạo tỉnh Gia Lai", "issued_on": "2022-09-09"}]),
    ("Công văn số 75/SYT-NVY hướng dẫn tiêm chủng mở rộng.",
     [{"key": "75/SYT-NVY", "issuer": None, "symbol_issuer": "Sở Y tế", "issuers": ["Sở Y tế"]}]),
    # --- Party resolutions cited without a number ---
    ("Quán triệt Nghị quyết Trung ương 4 khóa XII về xây dựng, chỉnh đốn Đảng.",
     [{"key": "NQ-TW4-XII", "doc_type": "Nghị quyết", "number": None, "year": None, "issuer": None}]),
    ("Học tập Nghị quyết Hội nghị lần thứ sáu Ban Chấp hành Trung ương Đảng (khóa XIII) về quy hoạch.",
     [{"key": "NQ-TW6-XIII", "text": "Nghị quyết Hội nghị lần thứ sáu Ban Chấp hành Trung ương Đảng (khóa XIII)"}]),
    ("Nghị quyết Hội nghị Trung ương lần thứ mười hai khoá XII được quán triệt.",
     [{"key": "NQ-TW12-XII"}]),
    ("Chương trình hành động thực hiện Nghị quyết TW 7, khóa XI đã được ban hành.",
     [{"key": "NQ-TW7-XI"}]),
    ("Đưa Nghị quyết Đại hội XIII của Đảng vào cuộc sống.",
     [{"key": "NQ-ĐH-XIII", "text": "Nghị quyết Đại hội XIII", "issuer": "Đảng", "year": None}]),
    ("Tuyên truyền Nghị quyết Đại hội đại biểu toàn quốc lần thứ XII của Đảng tới đoàn viên.",
     [{"key": "NQ-ĐH-XII", "issuer": "Đảng"}]),
    ("Học tập Nghị quyết Đại hội Đảng toàn quốc lần thứ XIII trong toàn Đảng bộ.",
     [{"key": "NQ-ĐH-XIII", "issuer": None}]),
    ("Quán triệt Nghị quyết Trung ương 6 khóa XIII và Kế hoạch số 12-KH/TU ngày 3/3/2023 của Ban Thường vụ Tỉnh ủy.",
     [{"key": "NQ-TW6-XIII", "issuer": None, "issued_on": None},   # a named resolution takes no list's fields
      {"key": "12-KH/TU", "issuer": "Ban Thường vụ Tỉnh ủy", "issued_on": "2023-03-03"}]),
    # --- laws and codes by name, without a year ---
    ("Tuyên truyền Bộ luật Dân sự, Luật Đất đai và Luật Hôn nhân và gia đình cho người dân.",
     [{"key": None, "doc_type": "Bộ luật", "name": "Bộ luật Dân sự", "year": None},
      {"key": None, "doc_type": "Luật", "name": "Luật Đất đai", "year": None},
      {"key": None, "name": "Luật Hôn nhân và gia đình", "year": None}]),
    ("Luật Khiếu nại, Luật Tố cáo và Luật Tiếp công dân năm 2013 được phổ biến.",
     [{"name": "Luật Khiếu nại", "year": None}, {"name": "Luật Tố cáo", "year": None},
      {"name": "Luật Tiếp công dân", "year": 2013}]),
    ("Luật Tố cáo được Quốc hội thông qua năm 2018 đã được phổ biến sâu rộng.",
     [{"name": "Luật Tố cáo", "year": None, "text": "Luật Tố cáo"}]),
    ("Người dân nắm vững Luật Trồng rừng bền vững trên đất dốc.",
     [{"name": "Luật Trồng rừng bền vững", "year": None}]),
    ("Theo Hiến pháp, Mặt trận Tổ quốc Việt Nam là cơ sở chính trị của chính quyền nhân dân.",
     [{"name": "Hiến pháp", "doc_type": "Hiến pháp", "year": None}]),
    # --- joint documents: every co-issuer ---
    ("Theo Thông tư liên tịch số 01/2019/TTLT-BTC-BNV hướng dẫn chế độ chi.",
     [{"key": "01/2019/TTLT-BTC-BNV", "issuer": None, "issuers": ["Bộ Tài chính", "Bộ Nội vụ"]}]),
    ("Nghị quyết liên tịch số 01/2020/NQLT-BCA-UBTWMTTQVN ngày 5/3/2020 của Bộ Công an và Ủy ban Trung ương "
     "MTTQ Việt Nam về phối hợp.",
     [{"issuer": "Bộ Công an và Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam",
       "issuers": ["Bộ Công an", "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam"], "issued_on": "2020-03-05"}]),
    ("Nghị quyết liên tịch số 403/2017/NQLT-UBTVQH14-CP-ĐCTUBTWMTTQVN của Ủy ban Thường vụ Quốc hội, Chính phủ, "
     "Đoàn Chủ tịch Ủy ban Trung ương MTTQ Việt Nam.",
     [{"issuers": ["Ủy ban Thường vụ Quốc hội", "Chính phủ",
                   "Đoàn Chủ tịch Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam"]}]),
    ("Căn cứ Chương trình phối hợp số 04/2021/CTPH-NHCS-TWHLHPNVN và Nghị quyết liên tịch số "
     "02/2022/NQLT-NHNN-ĐCTTWHLHPNVN về hỗ trợ phụ nữ vay vốn.",
     [{"issuer": None, "issuers": ["Ngân hàng Chính sách xã hội", "Trung ương Hội Liên hiệp Phụ nữ Việt Nam"]},
      {"issuer": None, "issuers": ["Ngân hàng Nhà nước Việt Nam",
                                   "Đoàn Chủ tịch Trung ương Hội Liên hiệp Phụ nữ Việt Nam"]}]),
    ("Thực hiện Quyết định số 12/QĐ-UBND của UBND tỉnh và UBND huyện đã ban hành kế hoạch.",
     [{"issuer": "Ủy ban nhân dân tỉnh", "issuers": ["Ủy ban nhân dân tỉnh"]}]),
    # --- a date and issuer after a parenthesis, a comma clause or a line break ---
    ("Thực hiện Kế hoạch số 12-KH/TU (về công tác dân vận năm 2023) ngày 05/01/2023 của Ban Thường vụ Tỉnh ủy.",
     [{"key": "12-KH/TU", "issued_on": "2023-01-05", "issuer": "Ban Thường vụ Tỉnh ủy",
       "title": "về công tác dân vận năm 2023"}]),
    ("Căn cứ Quyết định số 88/QĐ-UBND, ngày 12/02/2022, của UBND huyện Chư Sê về việc thành lập tổ công tác.",
     [{"issued_on": "2022-02-12", "issuer": "Ủy ban nhân dân huyện Chư Sê"}]),
    ("Theo Công văn số 55/UBND-KT\nngày 20/3/2022 của UBND thị xã về phòng cháy.",
     [{"key": "55/UBND-KT", "issued_on": "2022-03-20", "issuer": "Ủy ban nhân dân thị xã"}]),
    ("Thực hiện Kế hoạch số 30/KH-UBND, ký ngày 02/3/2022 của Chủ tịch UBND xã.",
     [{"issued_on": "2022-03-02", "issuer": "Chủ tịch Ủy ban nhân dân xã"}]),
    # --- joint documents: co-issuers after "giữa" (no issuer: only "của" names one), joined by "với", with a
    #     standing body or an abbreviation, named as written; every mention carries them ---
    ("Thực hiện Chương trình phối hợp số 02/CTPH-UBND-MTTQ ngày 15/01/2021 giữa UBND tỉnh và Ban Thường trực Ủy "
     "ban MTTQ Việt Nam tỉnh giai đoạn 2021 - 2026.",
     [{"key": "02/CTPH-UBND-MTTQ", "issued_on": "2021-01-15",
       "issuer": None,
       "issuers": ["Ủy ban nhân dân tỉnh", "Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"]}]),
    ("Quy chế phối hợp số 05-QC/BDV-ĐUK ký ngày 10/3/2022 giữa Ban Dân vận Tỉnh ủy với Đảng ủy Khối các cơ quan và "
     "doanh nghiệp tỉnh được triển khai hiệu quả.",
     [{"key": "05-QC/BDV-ĐUK", "issued_on": "2022-03-10",
       "issuer": None,
       "issuers": ["Ban Dân vận Tỉnh ủy", "Đảng ủy Khối các cơ quan và doanh nghiệp tỉnh"]}]),
    ("Căn cứ Văn bản liên tịch số 2614/VBLT-NHCS-HND ngày 8/10/2019 giữa Ngân hàng Chính sách xã hội và Trung ương "
     "Hội Nông dân Việt Nam về ủy thác cho vay; phối hợp thực hiện tốt Văn bản liên tịch 2614.",
     [{"key": "2614/VBLT-NHCS-HND", "doc_type": "Văn bản liên tịch", "issued_on": "2019-10-08",
       "issuer": None,
       "issuers": ["Ngân hàng Chính sách xã hội", "Trung ương Hội Nông dân Việt Nam"]},
      {"key": "2614/VBLT-NHCS-HND", "resolved_from": "short_form", "issued_on": "2019-10-08",
       "issuers": ["Ngân hàng Chính sách xã hội", "Trung ương Hội Nông dân Việt Nam"]}]),
    ("Hướng dẫn liên tịch số 03/HDLT-MTTQ-HLHPN ngày 10/9/2024 của Ban Thường trực Ủy ban MTTQ tỉnh, Hội LHPN tỉnh "
     "về xây dựng gia đình.",
     [{"doc_type": "Hướng dẫn liên tịch", "issued_on": "2024-09-10",
       "issuer": "Ban Thường trực Ủy ban Mặt trận Tổ quốc tỉnh, Hội Liên hiệp Phụ nữ tỉnh",
       "issuers": ["Ban Thường trực Ủy ban Mặt trận Tổ quốc tỉnh", "Hội Liên hiệp Phụ nữ tỉnh"]}]),
    ("Kế hoạch liên tịch số 02/KHLT-TU-MTTQ của Thường trực Tỉnh ủy và Ban Thường trực Ủy ban MTTQ tỉnh.",
     [{"issuer": "Thường trực Tỉnh ủy và Ban Thường trực Ủy ban Mặt trận Tổ quốc tỉnh"}]),
    ("Theo Kế hoạch liên tịch số 07/KHLT-UBND-MTTQ ngày 14/3/2022 của UBND tỉnh và Ủy ban MTTQ tỉnh.",
     [{"doc_type": "Kế hoạch liên tịch", "issuer": "Ủy ban nhân dân tỉnh và Ủy ban Mặt trận Tổ quốc tỉnh",
       "issuers": ["Ủy ban nhân dân tỉnh", "Ủy ban Mặt trận Tổ quốc tỉnh"]}]),
    ("Việc cho vay theo Thông tư liên tịch số 07/2017/TTLT-NHNN-BTC-BNN của Ngân hàng Nhà nước, Bộ Tài chính và Bộ "
     "Nông nghiệp và Phát triển nông thôn.",
     [{"issuer": "Ngân hàng Nhà nước, Bộ Tài chính và Bộ Nông nghiệp và Phát triển nông thôn",
       "issuers": ["Ngân hàng Nhà nước", "Bộ Tài chính", "Bộ Nông nghiệp và Phát triển nông thôn"]}]),
    ("Bám sát Nghị quyết liên tịch số 403/2017/NQLT-UBTVQH14-ĐCTUBTWMTTQVN của Ủy ban Thường vụ Quốc hội, Chính phủ "
     "và Đoàn Chủ tịch Ủy ban Trung ương MTTQ Việt Nam; sửa đổi chương trình cho phù hợp với Nghị quyết liên tịch 403.",
     [{"key": "403/2017/NQLT-UBTVQH14-ĐCTUBTWMTTQVN"},
      {"key": "403/2017/NQLT-UBTVQH14-ĐCTUBTWMTTQVN", "resolved_from": "short_form",
       "issuers": ["Ủy ban Thường vụ Quốc hội", "Chính phủ",
                   "Đoàn Chủ tịch Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam"]}]),
    ("Công văn số 15/UBND-VX về phối hợp giữa UBND huyện và Công an huyện được gửi các xã.",
     [{"key": "15/UBND-VX", "issuer": None, "issuers": ["Ủy ban nhân dân"]}]),
    ("Hội triển khai Nghị quyết số 05-NQ/HPNVN ngày 25/6/2023 của Ban Chấp hành Trung ương Hội LHPN Việt Nam.",
     [{"issuer": "Ban Chấp hành Trung ương Hội Liên hiệp Phụ nữ Việt Nam"}]),
    ("Quán triệt Nghị quyết số 12-NQ/TU ngày 25/12/2023 của Ban Chấp hành Đảng bộ tỉnh về công tác dân vận.",
     [{"issuer": "Ban Chấp hành Đảng bộ tỉnh"}]),
    ("Chương trình phối hợp số 08-CTr/BDVTU-ĐUQS, ký ngày 18-3-2021, giữa Ban Dân vận Tỉnh ủy và Đảng ủy Quân sự "
     "tỉnh về công tác dân vận.",
     [{"issued_on": "2021-03-18", "issuer": None,
       "issuers": ["Ban Dân vận Tỉnh ủy", "Đảng ủy Quân sự tỉnh"]}]),
    ("Thực hiện Kế hoạch liên ngành số 02/KHLN-HLHPN-SLĐTBXH ngày 05/3/2023 giữa Hội LHPN tỉnh và Sở Lao động - "
     "Thương binh và Xã hội về hỗ trợ phụ nữ nghèo.",
     [{"key": "02/KHLN-HLHPN-SLĐTBXH", "doc_type": "Kế hoạch liên ngành", "issued_on": "2023-03-05",
       "issuers": ["Hội Liên hiệp Phụ nữ tỉnh", "Sở Lao động - Thương binh và Xã hội"]}]),
    ("Nghị quyết số 05-NQ/ĐU ngày 12/3/2024 của Đảng ủy xã Ia Dêr về phát triển kinh tế.",
     [{"issued_on": "2024-03-12", "issuer": "Đảng ủy xã Ia Dêr"}]),
    ("Chương trình phối hợp số 03/CTPH-SDTTG-MTTQ giữa Sở Dân tộc và Tôn giáo với Ban Thường trực Ủy ban MTTQ tỉnh.",
     [{"issuers": ["Sở Dân tộc và Tôn giáo", "Ban Thường trực Ủy ban Mặt trận Tổ quốc tỉnh"]}]),
    ("Quyết định số 12/QĐ-UBND của UBND tỉnh ủy quyền cho Sở Nội vụ tổ chức thực hiện.",
     [{"issuer": "Ủy ban nhân dân tỉnh"}]),
    # --- a plan or programme cited by kind and number after its full reference ---
    ("Ban Thường vụ Tỉnh ủy ban hành Kế hoạch số 190-KH/TU ngày 2/4/2024. Các cấp ủy thực hiện tốt Kế hoạch 190 và "
     "Chương trình hành động số 35-CTr/HU, Chương trình hành động số 35.",
     [{"key": "190-KH/TU", "issued_on": "2024-04-02"},
      {"key": "190-KH/TU", "resolved_from": "short_form", "issued_on": "2024-04-02", "text": "Kế hoạch 190"},
      {"key": "35-CTr/HU"}, {"key": "35-CTr/HU", "text": "Chương trình hành động số 35"}]),
    # --- cooperation documents: kinds of their own as written; a symbol without a kind word keeps its code's
    #     kind; a short form by the shorter kind of the family finds the full reference ---
    ("Tỉnh ủy ban hành Chương trình hành động số 15-CTr/TU thực hiện Nghị quyết. Các chi bộ cụ thể hóa Chương "
     "trình 15 bằng kế hoạch.",
     [{"key": "15-CTr/TU", "doc_type": "Chương trình hành động"},
      {"key": "15-CTr/TU", "doc_type": "Chương trình hành động", "resolved_from": "short_form",
       "text": "Chương trình 15"}]),
    ("Thực hiện 02/CTPH-UBND-MTTQ, 05-QC/BDV-ĐUK, 15-CTr/TU, 160-TB/TW, 03/CTHĐ-UBND và 04/QCPH-MTTQ-CA.",
     [{"key": "02/CTPH-UBND-MTTQ", "doc_type": "Chương trình phối hợp"},
      {"key": "05-QC/BDV-ĐUK", "doc_type": "Quy chế"}, {"key": "15-CTr/TU", "doc_type": "Chương trình"},
      {"key": "160-TB/TW", "doc_type": "Thông báo"}, {"key": "03/CTHĐ-UBND", "doc_type": "Chương trình hành động"},
      {"key": "04/QCPH-MTTQ-CA", "doc_type": "Quy chế phối hợp"}]),
    ("Thực hiện Quy chế phối hợp số 05-QC/BDV-ĐUK về dân vận. Quy chế được ký ngày 10/3/2022.",
     [{"doc_type": "Quy chế phối hợp", "issued_on": "2022-03-10"}]),
    ("Thường trực Tỉnh ủy ban hành Thông báo kết luận số 125-TB/TU về dân vận. Thông báo được ban hành ngày 6/3/2024.",
     [{"doc_type": "Thông báo kết luận", "issued_on": "2024-03-06", "issuer": None}]),
    # must not: another longer kind of the family is another document; a sentence naming another kind gives no date
    ("Tỉnh ủy ban hành Chương trình hành động số 15-CTr/TU. Chương trình phối hợp số 15 chưa được ký.",
     [{"key": "15-CTr/TU", "doc_type": "Chương trình hành động"}]),
    ("Hội Nông dân huyện ký kết Chương trình phối hợp số 06/CTPH-BDV-HND về dân vận. Chương trình hành động được ký "
     "ngày 5/3/2024.", [{"key": "06/CTPH-BDV-HND", "issued_on": None, "issuers": []}]),
    # --- the bodies that sign a joint document right before it are its co-issuers (no issuer) ---
    ("Ban Dân vận Huyện ủy và Ủy ban MTTQ huyện ký kết Chương trình phối hợp số 05/CTPH-BDV-HND về dân vận. "
     "Chương trình được ký kết ngày 15/01/2024.",
     [{"doc_type": "Chương trình phối hợp", "issued_on": "2024-01-15", "issuer": None,
       "issuers": ["Ban Dân vận Huyện ủy", "Ủy ban Mặt trận Tổ quốc huyện"]}]),
    ("Ngày 12/3/2024, Hội Nông dân tỉnh, Hội LHPN tỉnh và Tỉnh đoàn đã thống nhất ban hành Kế hoạch liên tịch số "
     "07/KHLT-HND-HPN-TĐ về bảo vệ môi trường.",
     [{"issued_on": "2024-03-12", "issuer": None,
       "issuers": ["Hội Nông dân tỉnh", "Hội Liên hiệp Phụ nữ tỉnh", "Tỉnh đoàn"]}]),
    ("Hội Cựu chiến binh huyện với Công an huyện ký Quy chế phối hợp số 03/QCPH-CCB-CA về an ninh trật tự.",
     [{"doc_type": "Quy chế phối hợp", "issuer": None, "issuers": ["Hội Cựu chiến binh huyện", "Công an huyện"]}]),
    ("Hội Nông dân tỉnh và Chi nhánh NHCSXH tỉnh đã ký Chương trình phối hợp số 03/CTPH-HND-NHCS ngày 12/3/2024.",
     [{"issued_on": "2024-03-12", "issuers": ["Hội Nông dân tỉnh", "Chi nhánh Ngân hàng Chính sách xã hội tỉnh"]}]),
    ("Sở Nội vụ và Ban Tôn giáo tỉnh đã có Hướng dẫn liên ngành số 02/HDLN-SNV-BTG về sinh hoạt tôn giáo tập trung.",
     [{"doc_type": "Hướng dẫn liên ngành", "issuer": None, "issuers": ["Sở Nội vụ", "Ban Tôn giáo tỉnh"]}]),
    ("Hội LHPN tỉnh và Sở Y tế thống nhất ban hành Kế hoạch liên ngành số 05/KHLN-HPN-SYT về chăm sóc sức khỏe; "
     "kế hoạch được ban hành ngày 4/4/2024.",
     [{"issued_on": "2024-04-04", "issuers": ["Hội Liên hiệp Phụ nữ tỉnh", "Sở Y tế"]}]),
    ("Sơ kết Chương trình hành động số 27-CTr/TU của Tỉnh ủy. Hội nghị sơ kết Chương trình 27 tổ chức ngày "
     "10/10/2024.", [{"key": "27-CTr/TU"}, {"key": "27-CTr/TU", "text": "Chương trình 27", "issued_on": None}]),
    ("Ngày 5/3/2024, Ban Dân vận Huyện ủy và Ủy ban MTTQ huyện ký kết Chương trình phối hợp số 01/CTPH-BDV-HND và "
     "Quy chế phối hợp số 02/QCPH-BDV-HND về dân vận.",
     [{"issued_on": "2024-03-05", "issuer": None, "issuers": ["Ban Dân vận Huyện ủy", "Ủy ban Mặt trận Tổ quốc huyện"]},
      {"issued_on": "2024-03-05", "issuer": None,
       "issuers": ["Ban Dân vận Huyện ủy", "Ủy ban Mặt trận Tổ quốc huyện"]}]),
    ("Ban Dân vận Huyện ủy và Ủy ban MTTQ huyện ký kết Chương trình phối hợp số 01/CTPH-BDV-HND. Quy chế phối hợp "
     "số 02/QCPH-BDV-HND được triển khai.",
     [{"issuers": ["Ban Dân vận Huyện ủy", "Ủy ban Mặt trận Tổ quốc huyện"]}, {"issuers": []}]),
    # must not: one subject; a document that is not joint; subjects across a sentence or before another verb; a
    # sentence naming another kind
    ("Sở Nội vụ và Ban Tôn giáo tỉnh đã có Hướng dẫn số 02/HD-SNV về sinh hoạt tôn giáo tập trung.",
     [{"doc_type": "Hướng dẫn", "issuer": None, "issuers": ["Sở Nội vụ"]}]),
    ("Hội LHPN tỉnh và Sở Y tế thống nhất ban hành Kế hoạch liên ngành số 05/KHLN-HPN-SYT về chăm sóc sức khỏe. "
     "Hướng dẫn được ban hành ngày 4/4/2024.", [{"issued_on": None}]),
    ("Ban Dân vận Huyện ủy ký kết Chương trình phối hợp số 05/CTPH-BDV-HND với các đoàn thể.",
     [{"issuer": None, "issuers": []}]),
    ("Ban Dân vận Huyện ủy và Ủy ban MTTQ huyện ban hành Kế hoạch số 20-KH/HU về dân vận.",
     [{"issuer": None, "issuers": ["Huyện ủy"]}]),
    ("Ban Dân vận Huyện ủy và Ủy ban MTTQ huyện dự hội nghị. Sau đó, các xã ký kết Chương trình phối hợp số "
     "05/CTPH-BDV-HND.", [{"issuer": None, "issuers": []}]),
    ("Ban Dân vận Huyện ủy và Ủy ban MTTQ huyện tổ chức hội nghị, ký kết Chương trình phối hợp số 05/CTPH-BDV-HND.",
     [{"issuer": None, "issuers": []}]),
    # --- rules of data/gold/README.md (last section): bare-year laws, short forms of joint documents, long plenum
    #     names without "Đảng" ---
    ("Tuyên truyền Luật Đất đai 2024 đến người dân.",
     [{"name": "Luật Đất đai", "year": 2024, "issued_on": None, "text": "Luật Đất đai 2024"}]),
    ("Thực hiện Nghị quyết liên tịch số 02/2024/NQLT-UBND-MTTQ ngày 5/1/2024 của UBND tỉnh và Ủy ban MTTQ tỉnh; "
     "Nghị quyết liên tịch 02 được triển khai rộng.",
     [{"key": "02/2024/NQLT-UBND-MTTQ"},
      {"key": "02/2024/NQLT-UBND-MTTQ", "resolved_from": "short_form", "issued_on": "2024-01-05",
       "issuers": ["Ủy ban nhân dân tỉnh", "Ủy ban Mặt trận Tổ quốc tỉnh"]}]),
    ("Quán triệt Nghị quyết Hội nghị lần thứ tư Ban Chấp hành Trung ương khóa XII về xây dựng Đảng.",
     [{"key": "NQ-TW4-XII", "issuer": None}]),
    ("Quán triệt Nghị quyết Hội nghị lần thứ tư Ban Chấp hành Trung ương (khóa XII) về xây dựng Đảng.",
     [{"key": "NQ-TW4-XII"}]),
    ("Quán triệt Nghị quyết Hội nghị lần thứ 4 BCH Trung ương khóa XII.", [{"key": "NQ-TW4-XII"}]),
    ("Quán triệt Nghị quyết Hội nghị lần thứ tư của Ban Chấp hành Trung ương khóa XII.", [{"key": "NQ-TW4-XII"}]),
]

# Sentences an official text could contain that cite no document.
NOT_LEGAL_ROWS = [
    "Bài viết được đăng ngày 15/04/2020 trên trang thông tin điện tử.",
    "Hội nghị diễn ra ngày 08 tháng 12 năm 2009 tại hội trường Tỉnh ủy.",
    "Mọi thông tin xin liên hệ số điện thoại 0269.3822.123 hoặc 0905 123 456.",
    "Đường dây nóng: 0269-3822-123, fax: 0269/3822/124.",
    "Tuyến Quốc lộ 19 đi qua địa bàn thị xã An Khê.",
    "Đại hội đại biểu Đảng bộ tỉnh khóa XII đã thành công tốt đẹp.",
    "Ban Thường trực Ủy ban MTTQ Việt Nam thị xã nhiệm kỳ 2016 - 2021 đã ra mắt.",
    "Điều 5 của dự thảo đã được chỉnh sửa theo ý kiến đóng góp.",
    "Giấy phép số: 10/GP-STTTT do Sở Thông tin và Truyền thông cấp ngày 12/3/2019.",
    "Quỹ vì người nghèo thị xã đã vận động được trên 2 tỷ đồng.",
    "Hội viên tiết kiệm 5.000đ/hội viên/tháng để giúp nhau phát triển kinh tế.",
    "Xã đã hỗ trợ 40-60 triệu đồng/căn nhà cho hộ nghèo.",
    "Tỷ lệ hộ nghèo giảm còn 1/5 so với đầu nhiệm kỳ.",
    "Thôn 2, làng Đê 1 và tổ dân phố 3 đã ra quân làm đường.",
    "Mô hình hoạt động 24/7 phục vụ người dân trong mùa dịch.",
    "Xe biển số 81A-123.45 được huy động chở hàng cứu trợ.",
    "Chương trình 135 đã hỗ trợ làm 12 km đường giao thông nông thôn.",
    "Ban Chỉ đạo đã ra quyết định 3 lần trong năm về công tác này.",
    "Hội nghị đã kết luận 5 nội dung quan trọng.",
    "Tỷ lệ đạt 100% kế hoạch năm 2021 đề ra.",
    "Luật sư Nguyễn Văn An tư vấn pháp luật miễn phí năm 2021 cho bà con.",
    "Thực hiện pháp luật năm 2022 về dân chủ ở cơ sở được các xã quan tâm.",
    "Năm 2019 - 2020, xã đã xây dựng 30 căn nhà đại đoàn kết.",
    "Mã số thuế 5900123456-001 của doanh nghiệp đã được cấp.",
    "Phòng họp số 2/3 tầng B được bố trí cho hội nghị.",
    "Cuộc vận động COVID-19/2020 nhận được sự hưởng ứng.",
    "Tài liệu ISO 9001:2015 được áp dụng tại bộ phận một cửa.",
    "Hướng dẫn 12 hộ gia đình chuyển đổi cây trồng là việc làm thường xuyên của chi hội.",
    "Quyết định 3 lần khen thưởng đột xuất được Chủ tịch UBND huyện ký trong quý.",
    "Sinh viên Trường Đại học Luật Hà Nội về thực tập tại xã.",
    "Đoàn Luật sư tỉnh tư vấn pháp lý miễn phí cho người dân.",
    "Luật có hiệu lực từ ngày 01/7/2023; cán bộ cần nắm vững Luật để tuyên truyền.",
    "Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XVI xác định ba khâu đột phá.",
    "Nghị quyết Trung ương đã chỉ rõ nhiều hạn chế cần khắc phục.",
    "Hội nghị Trung ương 8 khóa XIII đã thảo luận nhiều nội dung.",
    "Xã xây dựng Kế hoạch 5 năm về phát triển kinh tế - xã hội.",
    "Văn bản 2 được gửi kèm, Công văn 15 chưa đến, Chương trình 30a đã kết thúc.",
    "Kế hoạch số 12 của chi hội năm nay chưa được xây dựng.",
    "Hướng dẫn 12 tổ tự quản được thành lập ở các thôn.",
]


def _check(found: list[LegalRef], expected: list[dict], text: str) -> None:
    got = [ref.as_dict() for ref in found]
    assert len(got) == len(expected), json.dumps(got, ensure_ascii=False, indent=1)
    for ref, fields in zip(got, expected):
        for name, value in fields.items():
            assert ref[name] == value, (name, json.dumps(ref, ensure_ascii=False))
        assert nfc(text)[ref["start"]:ref["end"]] == ref["text"]


@pytest.mark.parametrize("text, expected", LEGAL_ROWS)
def test_legal_references(text, expected):
    _check(find_legal_refs(text), expected, text)


@pytest.mark.parametrize("text", NOT_LEGAL_ROWS)
def test_not_legal_references(text):
    assert find_legal_refs(text) == []


def test_there_are_enough_table_rows():
    assert len(LEGAL_ROWS) + len(NOT_LEGAL_ROWS) >= 80
    assert len(NOT_LEGAL_ROWS) >= 20


@pytest.mark.parametrize("text, expected", LEGAL_ROWS[:12] + LEGAL_ROWS[-10:])
def test_decomposed_input_gives_offsets_into_the_nfc_text(text, expected):
    decomposed = unicodedata.normalize("NFD", text)
    assert decomposed != nfc(decomposed) or text.isascii()
    _check(find_legal_refs(decomposed), expected, decomposed)


def test_old_tone_placement_in_issuer_and_term():
    text = ("Nghị quyết số 25-NQ/TW của Ban Chấp hành Trung ương Đảng (khoá XI) "
            "và Quyết định số 12/QĐ-UBND của Uỷ ban nhân dân tỉnh.")
    refs = find_legal_refs(text)
    assert [r.issuer for r in refs] == ["Ban Chấp hành Trung ương Đảng (khóa XI)", "Ủy ban nhân dân tỉnh"]


def test_quoted_title_is_read():
    text = "Kết luận số 62-KL/TW của Bộ Chính trị “về tiếp tục đổi mới nội dung, phương thức hoạt động của Mặt trận”."
    (ref,) = find_legal_refs(text)
    assert ref.title == "về tiếp tục đổi mới nội dung, phương thức hoạt động của Mặt trận"


def test_extract_lists_legal_refs_with_the_contract_fields():
    out = extract("Thực hiện Kết luận 62- KL/TW, ngày 08 tháng 12 năm 2009 của Bộ Chính trị.")
    (ref,) = out["legal_refs"]
    for name in ("text", "start", "end", "doc_type", "number", "year", "symbol", "key", "issued_on", "issuer",
                 "name", "resolved_from"):
        assert name in ref
    assert ref["key"] == "62-KL/TW" and ref["issued_on"] == "2009-12-08"


def test_seed_article_references(shared_dir):
    text = (shared_dir / "seeds" / "000_e9cb05f4b6ff53aa.txt").read_text(encoding="utf-8")
    refs = find_legal_refs(text)
    assert [(r.key, r.doc_type, r.issued_on, r.issuer) for r in refs] == [
        ("62-KL/TW", "Kết luận", "2009-12-08", "Bộ Chính trị"),
        ("121/2017/TT-BTC", "Thông tư", "2017-11-15", "Bộ Tài chính"),
    ]


def _timed(text: str) -> float:
    return cpu_seconds(lambda: find_legal_refs(text))


def test_adversarial_input_is_fast():
    """~1 MB of digits, slashes, dashes and kind words goes through about as fast as ordinary text of the same size
    (CPU time, ``tests/growth.py``).

    Benchmark note: the same holds at 5 MB (measured ≈ 1–2 s on one core, like ordinary text of that size);
    a text made only of valid references costs more, in proportion to the number of references found.
    """
    rng = random.Random(3)  # its own generator: the global one other tests may use stays untouched
    pieces = ["1", "12", "2020", "/", "-", "–", " ", "\n", "Kết luận ", "Quyết định số ", "số ", "KL", "TW", "QĐ",
              "/TW", "-QĐ", "Luật ", "Luật Ab ", "năm ", "ngày ", "của ", "Nghị quyết ", "NQ ", "Bộ Chính trị ", "A",
              "“", ", ", "và "]
    adversarial = "".join(rng.choice(pieces) for _ in range(150_000))[:1_000_000]
    sentence = "Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội thị xã đã vận động nhân dân tham gia xây dựng. "
    ordinary = (sentence * (len(adversarial) // len(sentence) + 1))[:len(adversarial)]
    ordinary_time = _timed(ordinary)
    adversarial_time = _timed(adversarial)
    assert adversarial_time < 5 * ordinary_time + 3.0, (adversarial_time, ordinary_time)
    dense = ("62-KL/TW 121/2017/ / - -- Quyết định số " * 25_000)[:1_000_000]  # a reference every 40 characters
    dense_time = _timed(dense)
    assert dense_time < 6 * ordinary_time + 4.0, (dense_time, ordinary_time)


PIECES = ["62", "1250", "2017", "/", "-", "–", " ", "\n", ":", ",", " và ", "số ", "Số ", "KL", "TW", "QĐ", "QĐi",
          "UBND", "TT", "BTC", "Kết luận ", "Quyết định ", "Luật Đất đai ", "năm ", "ngày 08/12/2009 ",
          "của Bộ Chính trị ", "của UBND tỉnh Gia Lai ", "“về ", "”", "NQ ", "Nghị quyết 62 ", "Uỷ", "\u0301", "a"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40))
def test_any_text_gives_exact_ordered_spans(pieces):
    text = "".join(pieces)
    refs = find_legal_refs(text)
    normalized = nfc(text)
    for ref in refs:
        assert normalized[ref.start:ref.end] == ref.text
        assert ref.key is not None or ref.number is not None or ref.name is not None
    assert all(a.end <= b.start for a, b in zip(refs, refs[1:]))
