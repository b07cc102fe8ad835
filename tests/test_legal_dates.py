"""Legal references: the date (and issuer) of a document in every construction a report gives it."""

import json

import pytest

from extractors.legal import find_legal_refs
from extractors.normalize import nfc

# (sentence, [(key, issued_on, issuer) of each reference in text order])
DATE_ROWS = [
    # --- the date right after the reference, in every spelling ---
    ("Thực hiện Chỉ thị số 15-CT/TU ngày 12/3/2024 của Ban Thường vụ Tỉnh ủy về tăng cường công tác dân vận.",
     [("15-CT/TU", "2024-03-12", "Ban Thường vụ Tỉnh ủy")]),
    ("Thực hiện Chỉ thị số 15-CT/TU ngày 12 tháng 3 năm 2024 của Ban Thường vụ Tỉnh ủy.",
     [("15-CT/TU", "2024-03-12", "Ban Thường vụ Tỉnh ủy")]),
    ("Thực hiện Chỉ thị số 15-CT/TU ngày 12-3-2024 của Ban Thường vụ Tỉnh ủy.",
     [("15-CT/TU", "2024-03-12", "Ban Thường vụ Tỉnh ủy")]),
    ("Thực hiện Chỉ thị số 15-CT/TU ngày 12.3.2024 của Ban Thường vụ Tỉnh ủy.",
     [("15-CT/TU", "2024-03-12", "Ban Thường vụ Tỉnh ủy")]),
    ("Thực hiện Chỉ thị số 15-CT/TU ngày 05/02/2024 của Ban Thường vụ Tỉnh ủy.",
     [("15-CT/TU", "2024-02-05", "Ban Thường vụ Tỉnh ủy")]),
    ("Thực hiện Chỉ thị số 15-CT/TU ngày 5/02/2024 của Ban Thường vụ Tỉnh ủy.",
     [("15-CT/TU", "2024-02-05", "Ban Thường vụ Tỉnh ủy")]),
    ("Thực hiện Chỉ thị số 15-CT/TU ngày 05 tháng 02 năm 2024 của Ban Thường vụ Tỉnh ủy.",
     [("15-CT/TU", "2024-02-05", "Ban Thường vụ Tỉnh ủy")]),
    ("Thực hiện Chỉ thị số 15-CT/TU ngày 12/03/2024 của Ban Thường vụ Tỉnh ủy.",
     [("15-CT/TU", "2024-03-12", "Ban Thường vụ Tỉnh ủy")]),
    ("Thực hiện Chỉ thị số 15-CT/TU ngày 12 / 3 / 2024 của Ban Thường vụ Tỉnh ủy.",
     [("15-CT/TU", "2024-03-12", "Ban Thường vụ Tỉnh ủy")]),
    ("Thực hiện Chỉ thị số 15-CT/TU, ngày 12 tháng 3, 2024 của Ban Thường vụ Tỉnh ủy.",
     [("15-CT/TU", "2024-03-12", "Ban Thường vụ Tỉnh ủy")]),
    ("Thực hiện Chỉ thị số 15-CT/TU ngày 12/3/2024 Ban Thường vụ Tỉnh ủy về công tác dân vận.",
     [("15-CT/TU", "2024-03-12", None)]),
    ("Thực hiện Chỉ thị số 15-CT/TU (12/3/2024) của Ban Thường vụ Tỉnh ủy.",
     [("15-CT/TU", "2024-03-12", "Ban Thường vụ Tỉnh ủy")]),
    ("Thực hiện Chỉ thị số 15-CT/TU ngày 12/3/24 của Ban Thường vụ Tỉnh ủy.",
     [("15-CT/TU", "2024-03-12", "Ban Thường vụ Tỉnh ủy")]),
    ("Thực hiện Chỉ thị số 30-CT/TW ngày 18/2/98 của Bộ Chính trị.", [("30-CT/TW", "1998-02-18", "Bộ Chính trị")]),
    ("Thực hiện Chỉ thị số 15-CT/TU ngày 12\u20103\u20102024 của Ban Thường vụ Tỉnh ủy.",
     [("15-CT/TU", "2024-03-12", "Ban Thường vụ Tỉnh ủy")]),
    ("Ngày 12\u22123\u22122024, Ban Thường vụ Tỉnh ủy ban hành Chỉ thị số 15-CT/TU.",
     [("15-CT/TU", "2024-03-12", None)]),
    ("THỰC HIỆN CHỈ THỊ SỐ 15-CT/TU NGÀY 12 THÁNG 3 NĂM 2024 CỦA BAN THƯỜNG VỤ TỈNH ỦY",
     [("15-CT/TU", "2024-03-12", "Ban Thường vụ Tỉnh ủy")]),
    ("Quyết định số 12/2024/QĐ-UBND ngày 5/3 của UBND tỉnh.",
     [("12/2024/QĐ-UBND", "2024-03-05", "Ủy ban nhân dân tỉnh")]),
    ("Ngày 5/3, UBND tỉnh ban hành Quyết định số 12/2024/QĐ-UBND.", [("12/2024/QĐ-UBND", "2024-03-05", None)]),
    ("Chỉ thị số 15-CT/TU ngày mồng 5 tháng 3 năm 2024 của Ban Thường vụ Tỉnh ủy.",
     [("15-CT/TU", "2024-03-05", "Ban Thường vụ Tỉnh ủy")]),
    ("Theo Công văn số 1520/UBND-VX đề ngày 5/6/2024 của UBND huyện.",
     [("1520/UBND-VX", "2024-06-05", "Ủy ban nhân dân huyện")]),
    # --- the date before the reference, in the clause that issues it (the subject is no issuer) ---
    ("Ngày 12/3/2024, Ban Thường vụ Tỉnh ủy ban hành Chỉ thị số 15-CT/TU về tăng cường công tác dân vận.",
     [("15-CT/TU", "2024-03-12", None)]),
    ("Ngày 5/6/2024, UBND huyện có Công văn số 1520/UBND-VX về việc tổ chức Ngày hội Đại đoàn kết.",
     [("1520/UBND-VX", "2024-06-05", None)]),
    ("Ngày 20/5/2024, Huyện ủy ban hành Kế hoạch số 120-KH/HU về thực hiện Chỉ thị số 15-CT/TU.",
     [("120-KH/HU", "2024-05-20", None), ("15-CT/TU", None, None)]),
    ("Ngày 12 tháng 3 năm 2024, Ban Thường vụ Tỉnh ủy Gia Lai đã ban hành Chỉ thị số 15-CT/TU.",
     [("15-CT/TU", "2024-03-12", None)]),
    ("Để cụ thể hóa, ngày 20-5-2024, Ban Thường vụ Huyện ủy Chư Sê vừa ký ban hành Kế hoạch số 120-KH/HU.",
     [("120-KH/HU", "2024-05-20", None)]),
    ("Vào ngày 20/5/2024, Ban Dân vận Huyện ủy đã ban hành Hướng dẫn số 08-HD/BDVHU hướng dẫn các chi bộ.",
     [("08-HD/BDVHU", "2024-05-20", None)]),
    ("Ngày 3/4/2024 UBND tỉnh đã có Văn bản số 512/UBND-NC gửi các sở, ngành.",
     [("512/UBND-NC", "2024-04-03", None)]),
    ("Ngày 12/3/2024: Ban Thường vụ Tỉnh ủy ban hành Chỉ thị số 15-CT/TU.", [("15-CT/TU", "2024-03-12", None)]),
    ("Vừa qua (ngày 12/3/2024), Ban Thường vụ Tỉnh ủy ban hành Chỉ thị số 15-CT/TU.",
     [("15-CT/TU", "2024-03-12", None)]),
    ("Ngày 12/3/2024, thay mặt Bộ Chính trị, Tổng Bí thư đã ký ban hành Kết luận số 123-KL/TW.",
     [("123-KL/TW", "2024-03-12", None)]),
    ("Ngày 12/3/2024 vừa qua, Ban Thường vụ Huyện ủy (khóa XVI) ban hành Kế hoạch số 20-KH/HU.",
     [("20-KH/HU", "2024-03-12", None)]),
    ("Ngày 12/3/2024, Ban Dân vận Tỉnh ủy, Ủy ban MTTQ Việt Nam tỉnh ký kết Chương trình phối hợp số "
     "05-CTr/BDV-MTTQ.", [("05-CTr/BDV-MTTQ", "2024-03-12", None)]),
    ("Ngày 1/3/2024, huyện tổ chức hội nghị, ngày 12-3-2024, Ban Thường vụ ban hành Kế hoạch số 20-KH/HU.",
     [("20-KH/HU", "2024-03-12", None)]),
    ("Ngày 12/3/2024, Ban Thường vụ Tỉnh ủy tổ chức hội nghị sơ kết, đồng thời ban hành Kế hoạch số 20-KH/TU.",
     [("20-KH/TU", "2024-03-12", None)]),
    ("Ngày 12/3/2024, Ban Dân vận Huyện ủy xây dựng Kế hoạch số 25-KH/BDVHU.", [("25-KH/BDVHU", "2024-03-12", None)]),
    ("Chỉ thị số 15-CT/TU được ban hành từ ngày 12/3/2024.", [("15-CT/TU", "2024-03-12", None)]),
    ("Ngày 12/3/2024, Ban Thường vụ Tỉnh ủy ban hành\nChỉ thị số 15-CT/TU.", [("15-CT/TU", "2024-03-12", None)]),
    ("Ngày mùng 5/3/2024, Ban Thường vụ Tỉnh ủy ban hành Chỉ thị số 15-CT/TU.", [("15-CT/TU", "2024-03-05", None)]),
    ("Ngày 12/3/2024, Tỉnh ủy ban hành Chỉ thị số 15-CT/TU và UBND tỉnh ban hành Kế hoạch số 20/KH-UBND.",
     [("15-CT/TU", "2024-03-12", None), ("20/KH-UBND", "2024-03-12", None)]),
    ("Ngày 24/11/2023, Nghị quyết số 43-NQ/TW được ban hành.", [("43-NQ/TW", "2023-11-24", None)]),
    ("Ban Thường vụ Tỉnh ủy ngày 12/3/2024 đã ban hành Chỉ thị số 15-CT/TU.", [("15-CT/TU", "2024-03-12", None)]),
    ("Ban Thường vụ Tỉnh ủy, ngày 12/3/2024, đã ban hành Chỉ thị số 15-CT/TU.", [("15-CT/TU", "2024-03-12", None)]),
    ("Ngày 24/11/2023, Nghị quyết số 43-NQ/TW của Ban Chấp hành Trung ương Đảng được Tổng Bí thư ký ban hành.",
     [("43-NQ/TW", "2023-11-24", "Ban Chấp hành Trung ương Đảng")]),
    ("Thực hiện Chỉ thị số 15-CT/TU ngày 12/3/2024 của Ban Thường vụ Tỉnh ủy, ngày 20/3/2024, Ban Dân vận Huyện ủy "
     "ban hành Kế hoạch số 25-KH/BDVHU.",
     [("15-CT/TU", "2024-03-12", "Ban Thường vụ Tỉnh ủy"), ("25-KH/BDVHU", "2024-03-20", None)]),
    ("Ngày 12/3/2024, Ban Thường vụ Tỉnh ủy ban hành Chỉ thị số 15-CT/TU về công tác dân vận. Chỉ thị 15 yêu cầu "
     "các cấp ủy vào cuộc.", [("15-CT/TU", "2024-03-12", None), ("15-CT/TU", "2024-03-12", None)]),
    ("Ngày 12/3/2024, Ban Dân vận Tỉnh ủy và Ủy ban MTTQ Việt Nam tỉnh ký kết Chương trình phối hợp số "
     "05-CTr/BDV-MTTQ.", [("05-CTr/BDV-MTTQ", "2024-03-12", None)]),
    ("Ngày 12/3/2024, UBND tỉnh ban hành văn bản số 512/UBND-NC gửi các sở.", [("512/UBND-NC", "2024-03-12", None)]),
    ("Ngày 3/4/2024, Chủ tịch UBND tỉnh ký Quyết định số 312/QĐ-UBND thành lập Ban Chỉ đạo.",
     [("312/QĐ-UBND", "2024-04-03", None)]),
    ("Ngày 12/3/2024, Ban Thường vụ Tỉnh ủy ban hành Kế hoạch số 20-KH/TU và Kế hoạch số 21-KH/TU.",
     [("20-KH/TU", "2024-03-12", None), ("21-KH/TU", "2024-03-12", None)]),
    ("Ngày 12/3/2024, Ban Thường vụ Tỉnh ủy ban hành Chỉ thị số 15-CT/TU ngày 10/3/2024 về công tác dân vận.",
     [("15-CT/TU", "2024-03-10", None)]),
    ("Thực hiện Chỉ thị số 05-CT/TW về học tập và làm theo Bác, ngày 12/3/2024, Ban Thường vụ Huyện ủy ban hành "
     "Kế hoạch số 20-KH/HU.", [("05-CT/TW", None, None), ("20-KH/HU", "2024-03-12", None)]),
    ("Căn cứ Quyết định số 10/QĐ-UBND ngày 1/3/2024 của UBND tỉnh, UBND huyện ban hành Kế hoạch số 20/KH-UBND.",
     [("10/QĐ-UBND", "2024-03-01", "Ủy ban nhân dân tỉnh"), ("20/KH-UBND", None, None)]),
    # --- issued, signed: the date after a verb; an agent after "được" is no issuer ---
    ("Chỉ thị số 15-CT/TU ban hành ngày 12/3/2024 đã đi vào cuộc sống.", [("15-CT/TU", "2024-03-12", None)]),
    ("Chỉ thị số 15-CT/TU ký ngày 12/3/2024 đã đi vào cuộc sống.", [("15-CT/TU", "2024-03-12", None)]),
    ("Chỉ thị số 15-CT/TU được ban hành ngày 12/3/2024 đã đi vào cuộc sống.", [("15-CT/TU", "2024-03-12", None)]),
    ("Kết luận số 120-KL/TW (ban hành ngày 7/1/2016) của Bộ Chính trị được quán triệt sâu rộng.",
     [("120-KL/TW", "2016-01-07", "Bộ Chính trị")]),
    ("Quy định số 124-QĐ/TW được Ban Bí thư ban hành ngày 10/10/2023 về giám sát của Mặt trận.",
     [("124-QĐ/TW", "2023-10-10", None)]),
    ("Quy định số 124-QĐ/TW được Ban Bí thư khóa XIII ký ban hành ngày 10/10/2023.",
     [("124-QĐ/TW", "2023-10-10", None)]),
    ("Quyết định số 23-QĐ/TW được ban hành vào ngày 30/7/2021 thay thế Quyết định số 290-QĐ/TW.",
     [("23-QĐ/TW", "2021-07-30", None), ("290-QĐ/TW", None, None)]),
    ("Quyết định số 23-QĐ/TW đã được ký ban hành ngày 30/7/2021.", [("23-QĐ/TW", "2021-07-30", None)]),
    ("Chỉ thị số 15-CT/TU của Ban Thường vụ Tỉnh ủy ban hành ngày 12/3/2024 nêu rõ năm nhóm nhiệm vụ.",
     [("15-CT/TU", "2024-03-12", "Ban Thường vụ Tỉnh ủy")]),
    ("Kế hoạch số 20-KH/TU về tổ chức Tháng hành động vì người nghèo được ban hành ngày 12/3/2024.",
     [("20-KH/TU", "2024-03-12", None)]),
    ("Chỉ thị số 15-CT/TU do đồng chí Bí thư Tỉnh ủy ký ngày 12/3/2024.", [("15-CT/TU", "2024-03-12", None)]),
    ("Quy định số 124-QĐ/TW do Ban Bí thư ban hành ngày 10/10/2023.", [("124-QĐ/TW", "2023-10-10", None)]),
    ("Chỉ thị số 15-CT/TU ra đời ngày 12/3/2024.", [("15-CT/TU", "2024-03-12", None)]),
    ("Ban Thường vụ Tỉnh ủy đã ban hành Chỉ thị số 15-CT/TU vào ngày 12/3/2024.", [("15-CT/TU", "2024-03-12", None)]),
    ("Ban Thường vụ Tỉnh ủy ban hành Chỉ thị số 15-CT/TU của Tỉnh ủy vào ngày 12/3/2024.",
     [("15-CT/TU", "2024-03-12", "Tỉnh ủy")]),
    ("Kế hoạch số 20-KH/TU về tổ chức Tháng hành động vì người nghèo ngày 12/3/2024 của Ban Thường vụ Tỉnh ủy.",
     [("20-KH/TU", "2024-03-12", "Ban Thường vụ Tỉnh ủy")]),
    # --- a law's date: passed by the National Assembly (no issuer), shared by its mentions ---
    ("Luật Thực hiện dân chủ ở cơ sở năm 2022 được Quốc hội thông qua ngày 10/11/2022, có hiệu lực từ ngày "
     "1/7/2023. Luật Thực hiện dân chủ ở cơ sở gồm 6 chương.",
     [(None, "2022-11-10", None), (None, "2022-11-10", None)]),
    ("Luật Thực hiện dân chủ ở cơ sở được Quốc hội khóa XV, kỳ họp thứ 4 thông qua ngày 10/11/2022.",
     [(None, "2022-11-10", None)]),
    ("Luật Thực hiện dân chủ ở cơ sở được Quốc hội thông qua tại Kỳ họp thứ 4 ngày 10/11/2022.",
     [(None, "2022-11-10", None)]),
    ("Ngày 10/11/2022, Quốc hội khóa XV đã thông qua Luật Thực hiện dân chủ ở cơ sở.", [(None, "2022-11-10", None)]),
    ("Luật Đất đai năm 2013 và Luật Đất đai năm 2024 được Quốc hội thông qua ngày 18/1/2024.",
     [(None, None, None), (None, "2024-01-18", None)]),
    ("Luật Thực hiện dân chủ ở cơ sở có hiệu lực thi hành từ ngày 01/7/2023.", [(None, None, None)]),
    # --- across a parenthesis, a comma clause, a line break ---
    ("Thực hiện Kế hoạch số 25-KH/TU (ngày 3/4/2024) của Ban Thường vụ Tỉnh ủy, huyện tổ chức hội nghị.",
     [("25-KH/TU", "2024-04-03", "Ban Thường vụ Tỉnh ủy")]),
    ("Theo Quyết định số 99-QĐ/TW, ngày 3/10/2017, của Ban Bí thư về khung danh mục cơ quan.",
     [("99-QĐ/TW", "2017-10-03", "Ban Bí thư")]),
    ("Thực hiện Kế hoạch số 25-KH/TU – ngày 3/4/2024 của Ban Thường vụ Tỉnh ủy.",
     [("25-KH/TU", "2024-04-03", "Ban Thường vụ Tỉnh ủy")]),
    ("Theo Quyết định số 99-QĐ/TW\nngày 3/10/2017 của Ban Bí thư về khung danh mục cơ quan.",
     [("99-QĐ/TW", "2017-10-03", "Ban Bí thư")]),
    ("Theo Quyết định số 99-QĐ/TW,\nngày 3/10/2017, của Ban Bí thư.", [("99-QĐ/TW", "2017-10-03", "Ban Bí thư")]),
    ("Theo Công văn số 55/UBND-KT\nNgày 20/3/2022 của UBND thị xã về phòng cháy.",
     [("55/UBND-KT", "2022-03-20", "Ủy ban nhân dân thị xã")]),
    ("Thực hiện Nghị quyết số 43-NQ/TW, ngày 24/11/2023, Ban Chấp hành Trung ương Đảng khóa XIII về tiếp tục phát "
     "huy truyền thống.", [("43-NQ/TW", "2023-11-24", None)]),
    ("Quyết định số 23-QĐ/TW, ngày 30/7/2021, V/v ban hành Quy chế công tác dân vận.",
     [("23-QĐ/TW", "2021-07-30", None)]),
    ("Thực hiện Nghị quyết số 43-NQ/TW, ngày 24/11/2023, Hội nghị lần thứ tám Ban Chấp hành Trung ương Đảng khóa "
     "XIII.", [("43-NQ/TW", "2023-11-24", "Ban Chấp hành Trung ương Đảng (khóa XIII)")]),
    ("Thực hiện Chỉ thị số 15-CT/TU của Ban Thường vụ Tỉnh ủy về công tác dân vận (ngày 12/3/2024), các xã ra quân.",
     [("15-CT/TU", "2024-03-12", "Ban Thường vụ Tỉnh ủy")]),
    # --- the title's date shared by later mentions and short forms; lists with a date each ---
    ("Triển khai Kết luận số 120-KL/TW ngày 7/1/2016 của Bộ Chính trị\n\nSáng 10/10, Ban Thường vụ Tỉnh ủy "
     "quán triệt Kết luận số 120-KL/TW đến cán bộ chủ chốt. Các cấp ủy thực hiện nghiêm Kết luận 120.",
     [("120-KL/TW", "2016-01-07", "Bộ Chính trị"), ("120-KL/TW", "2016-01-07", "Bộ Chính trị"),
      ("120-KL/TW", "2016-01-07", "Bộ Chính trị")]),
    ("Quán triệt Kết luận 120 ngày 7/1/2016 của Bộ Chính trị\n\nSáng 10/10, Ban Thường vụ Tỉnh ủy quán triệt Kết "
     "luận số 120-KL/TW đến cán bộ. Kết luận 120 nêu rõ.",
     [(None, "2016-01-07", "Bộ Chính trị"), ("120-KL/TW", "2016-01-07", "Bộ Chính trị"),
      ("120-KL/TW", "2016-01-07", "Bộ Chính trị")]),
    ("Huyện ủy triển khai Kế hoạch số 38-KH/HU. Theo Kế hoạch số 38-KH/HU ngày 20/3/2017, các xã ra quân.",
     [("38-KH/HU", "2017-03-20", None), ("38-KH/HU", "2017-03-20", None)]),
    ("Sơ kết 5 năm thực hiện Chỉ thị số 15-CT/TU ngày 12/3/2024\n\nChỉ thị số 15-CT/TU ngày 12/3/2019 của Ban "
     "Thường vụ Tỉnh ủy đã đi vào cuộc sống.",
     [("15-CT/TU", "2019-03-12", "Ban Thường vụ Tỉnh ủy"), ("15-CT/TU", "2019-03-12", "Ban Thường vụ Tỉnh ủy")]),
    ("Kế hoạch số 01/KH-UBND ngày 5/1/2023 và Kế hoạch số 01/KH-UBND ngày 3/1/2024 của UBND xã.",
     [("01/KH-UBND", "2023-01-05", "Ủy ban nhân dân xã"), ("01/KH-UBND", "2024-01-03", "Ủy ban nhân dân xã")]),
    ("Huyện ủy triển khai Kế hoạch số 38/KH-HU. Theo Kế hoạch số 38-KH/HU ngày 20/3/2017, các xã ra quân.",
     [("38/KH-HU", "2017-03-20", None), ("38-KH/HU", "2017-03-20", None)]),
    ("Nghị định số 59/2023/NĐ-CP ngày 14/8/2023 của Chính phủ thay thế Nghị định 04/2015/NĐ-CP. Nghị định "
     "59/NĐ-CP có nhiều điểm mới.", [("59/2023/NĐ-CP", "2023-08-14", "Chính phủ"), ("04/2015/NĐ-CP", None, None),
                                      ("59/NĐ-CP", "2023-08-14", "Chính phủ")]),
    ("Thực hiện Nghị định số 04/2015/NĐ-CP ngày 09/01/2015 và Nghị định số 04/2011/NĐ-CP của Chính phủ.",
     [("04/2015/NĐ-CP", "2015-01-09", "Chính phủ"), ("04/2011/NĐ-CP", None, "Chính phủ")]),
    ("Thực hiện Nghị quyết số 43-NQ/TW ngày 24/11/2023 và Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị.",
     [("43-NQ/TW", "2023-11-24", "Bộ Chính trị"), ("05-CT/TW", "2016-05-15", "Bộ Chính trị")]),
    ("Thực hiện Quyết định số 217-QĐ/TW, 218-QĐ/TW ngày 12/12/2013 của Bộ Chính trị.",
     [("217-QĐ/TW", "2013-12-12", "Bộ Chính trị"), ("218-QĐ/TW", "2013-12-12", "Bộ Chính trị")]),
    ("Thực hiện Nghị quyết số 43-NQ/TW và Kết luận số 120-KL/TW ngày 7/1/2016 của Bộ Chính trị. Nghị quyết số "
     "43-NQ/TW ngày 24/11/2023 đã đi vào cuộc sống.",
     [("43-NQ/TW", "2023-11-24", "Bộ Chính trị"), ("120-KL/TW", "2016-01-07", "Bộ Chính trị"),
      ("43-NQ/TW", "2023-11-24", "Bộ Chính trị")]),
    ("Ngày 15/3/2024, Ban Dân vận Tỉnh ủy ban hành Hướng dẫn số 20-HD/BDVTU. Theo Hướng dẫn số 20-HD/BDVTU ngày "
     "12/3/2024, các xã tổ chức hội nghị.", [("20-HD/BDVTU", "2024-03-12", None), ("20-HD/BDVTU", "2024-03-12", None)]),
    # --- dates that are not the document's ---
    ("Nghị định số 59/2023/NĐ-CP có hiệu lực từ ngày 01/10/2023.", [("59/2023/NĐ-CP", None, None)]),
    ("Kế hoạch số 20-KH/TU được thực hiện từ ngày 1/3/2024 đến ngày 30/6/2024.", [("20-KH/TU", None, None)]),
    ("Sáng 12/3/2024, Ban Thường vụ Tỉnh ủy tổ chức hội nghị quán triệt Chỉ thị số 15-CT/TU.",
     [("15-CT/TU", None, None)]),
    ("Ngày 12/3/2024, Ban Thường vụ Tỉnh ủy tổ chức hội nghị quán triệt Chỉ thị số 15-CT/TU.",
     [("15-CT/TU", None, None)]),
    ("Ngày 12/3/2024, Ban Thường vụ Tỉnh ủy tổ chức hội nghị sơ kết thực hiện Chỉ thị số 15-CT/TU.",
     [("15-CT/TU", None, None)]),
    ("Sáng 12/3/2024, Ban Thường vụ Tỉnh ủy ban hành Chỉ thị số 15-CT/TU.", [("15-CT/TU", None, None)]),
    ("Từ ngày 12/3/2024, UBND huyện có Công văn số 1520/UBND-VX gửi các xã.", [("1520/UBND-VX", None, None)]),
    ("Huyện tổ chức tổng kết 10 năm thực hiện Chỉ thị số 15-CT/TU (2014 - 2024).", [("15-CT/TU", None, None)]),
    ("Thực hiện Chỉ thị số 15-CT/TU của Ban Thường vụ Tỉnh ủy, ngày 12/3/2024, Ban Dân vận Huyện ủy tổ chức "
     "hội nghị.", [("15-CT/TU", None, "Ban Thường vụ Tỉnh ủy")]),
    ("Thực hiện Kế hoạch số 20-KH/TU, ngày 12/3/2024, Ban Dân vận Huyện ủy đã tổ chức hội nghị.",
     [("20-KH/TU", None, None)]),
    ("Quán triệt Chỉ thị số 15-CT/TU.\nNgày 12/3/2024, Ban Dân vận Huyện ủy tổ chức hội nghị.",
     [("15-CT/TU", None, None)]),
    ("Thực hiện Nghị định số 04/2015/NĐ-CP ngày 09/01/2015; Nghị định 04 được thay thế từ ngày 1/7/2023.",
     [("04/2015/NĐ-CP", "2015-01-09", None), ("04/2015/NĐ-CP", "2015-01-09", None)]),
    ("Theo Nghị định số 59/2023/NĐ-CP. Ngày 12/3/2024, Bộ Nội vụ ban hành Nghị định 59 sửa đổi.",
     [("59/2023/NĐ-CP", None, None), ("59/2023/NĐ-CP", None, None)]),
    ("Ngày 12/3/2024, huyện tổ chức hội nghị; Ban Thường vụ Huyện ủy ban hành Kế hoạch số 20-KH/HU.",
     [("20-KH/HU", None, None)]),
    ("Ngày 12/3/2024, Ban Thường vụ Tỉnh ủy ban hành Kế hoạch số 20-KH/TU; Kế hoạch số 21-KH/TU được thực hiện "
     "từ ngày 1/4/2024.", [("20-KH/TU", "2024-03-12", None), ("21-KH/TU", None, None)]),
    ("Ngày 12/3/2024, Bộ Tài chính ban hành Thông tư số 12/2023/TT-BTC.", [("12/2023/TT-BTC", None, None)]),
    ("Nghị định số 04/2015/NĐ-CP (ngày 1/7/2023) của Chính phủ được thay thế.",
     [("04/2015/NĐ-CP", None, "Chính phủ")]),
    ("Ngày 24/11/2023, Nghị quyết số 43-NQ/TW được triển khai đến các chi bộ.", [("43-NQ/TW", None, None)]),
    ("Tháng 3/2024, Ban Thường vụ Tỉnh ủy ban hành Chỉ thị số 15-CT/TU.", [("15-CT/TU", None, None)]),
    ("Sau ngày 12/3/2024 ban hành Chỉ thị số 15-CT/TU.", [("15-CT/TU", None, None)]),
    ("Ngày 12/3/2024, tại hội nghị, đồng chí Bí thư cho biết, thời gian qua, Ban Thường vụ đã ban hành Chỉ thị số "
     "15-CT/TU.", [("15-CT/TU", None, None)]),
    ("Ngày 12/3/2024, tại hội nghị, đồng chí Bí thư nhấn mạnh Tỉnh ủy đã ban hành Chỉ thị số 15-CT/TU.",
     [("15-CT/TU", None, None)]),
    ("Chỉ thị số 15-CT/TU ngày 12/3 của Ban Thường vụ Tỉnh ủy về công tác dân vận.",
     [("15-CT/TU", None, "Ban Thường vụ Tỉnh ủy")]),
    ("Ngày 20/5, Huyện ủy ban hành Kế hoạch số 120-KH/HU.", [("120-KH/HU", None, None)]),
    ("Thực hiện Kế hoạch số 20-KH/TU, ngày 12/3, Ban Dân vận Huyện ủy đã tổ chức hội nghị.",
     [("20-KH/TU", None, None)]),
    ("Huyện ủy triển khai Kế hoạch số 20-KH/HU vào ngày 12/3/2024.", [("20-KH/HU", None, None)]),
    ("Huyện ủy ban hành Kế hoạch số 20-KH/HU về tổ chức Ngày hội Đại đoàn kết vào ngày 18/11/2024.",
     [("20-KH/HU", None, None)]),
    ("Luật có hiệu lực từ ngày 1/7/2023, có Nghị định số 59/2023/NĐ-CP hướng dẫn.", [("59/2023/NĐ-CP", None, None)]),
    ("Ngày 12/3/2024, Huyện ủy tổ chức hội nghị triển khai Kế hoạch số 20-KH/HU.", [("20-KH/HU", None, None)]),
    ("Kế hoạch số 20-KH/TU về tổ chức Ngày hội Đại đoàn kết ngày 18/11/2024 tại các khu dân cư.",
     [("20-KH/TU", None, None)]),
    # --- the date written later: the next sentence names the document by its kind, or the clause after a title
    #     without "về" issues it; a weekday; "cùng ngày" for a list; a date broken by a line; a year alone ---
    ("Ban Thường vụ Tỉnh ủy ban hành Chỉ thị số 21-CT/TU về thực hiện dân chủ ở cơ sở. Chỉ thị được ký ban hành "
     "ngày 12 tháng 7 năm 2023.", [("21-CT/TU", "2023-07-12", None)]),
    ("Ban Dân vận Tỉnh ủy xây dựng Kế hoạch số 72-KH/BDVTU về tổ chức “Tháng Dân vận” năm 2024. Kế hoạch này được "
     "ban hành ngày 25/4/2024, giao nhiệm vụ cho từng đơn vị.", [("72-KH/BDVTU", "2024-04-25", None)]),
    ("Huyện ủy ban hành Chương trình hành động số 35-CTr/HU. Chương trình được ký vào thứ Hai, ngày 15/01/2024.",
     [("35-CTr/HU", "2024-01-15", None)]),
    ("Thực hiện Kế hoạch số 20-KH/HU ban hành vào thứ Sáu, ngày 12/4/2024 của Huyện ủy.",
     [("20-KH/HU", "2024-04-12", "Huyện ủy")]),
    ("Quyết định số 1845-QĐ/TU thành lập Ban Chỉ đạo do đồng chí Bí thư Tỉnh ủy ký ngày 09/5/2024.",
     [("1845-QĐ/TU", "2024-05-09", None)]),
    ("Trước đó, các Chỉ thị số 05-CT/HU, 06-CT/HU và 07-CT/HU cùng ngày 10/8/21 của Ban Thường vụ Huyện ủy đã tạo "
     "chuyển biến.", [("05-CT/HU", "2021-08-10", "Ban Thường vụ Huyện ủy"), ("06-CT/HU", "2021-08-10",
                                                                          "Ban Thường vụ Huyện ủy"),
                      ("07-CT/HU", "2021-08-10", "Ban Thường vụ Huyện ủy")]),
    ("Ban Thường vụ Huyện ủy ban hành Kế hoạch số 112-KH/HU ngày 28 tháng 02\nnăm 2024 về Cuộc vận động.",
     [("112-KH/HU", "2024-02-28", None)]),
    ("Kết quả có phần đóng góp của Kế hoạch số 89-KH/HU năm 2023 của Huyện ủy về hoạt động của Mặt trận.",
     [("89-KH/HU", None, "Huyện ủy")]),
    ("Triển khai Kế hoạch số 310-KH/TU ngày 01/3/2024 (thứ Sáu) của Ban Thường vụ Tỉnh ủy về thi đua.",
     [("310-KH/TU", "2024-03-01", "Ban Thường vụ Tỉnh ủy")]),
    ("Theo Kế hoạch số 155-KH/TU của Tỉnh ủy, được ký ngày 20 - 3 - 2024, việc học tập được tổ chức trước ngày "
     "30/6/2024.", [("155-KH/TU", "2024-03-20", "Tỉnh ủy")]),
    ("Thực hiện Chỉ thị số 15-CT/TU ra ngày 12/3/2024 của Tỉnh ủy.", [("15-CT/TU", "2024-03-12", "Tỉnh ủy")]),
    ("Ngày 5/6/2023, Chỉ thị số 24-CT/TW của Ban Bí thư ra đời.", [("24-CT/TW", "2023-06-05", "Ban Bí thư")]),
    ("Huyện ủy ban hành Kế hoạch số 20-KH/HU về Tháng Dân vận. Văn bản được ký ban hành ngày 12/3/2024.",
     [("20-KH/HU", "2024-03-12", None)]),
    ("Vào ngày 12/3/2024, Tỉnh ủy đã chính thức ban hành Nghị quyết chuyên đề số 05-NQ/TU về dân vận.",
     [("05-NQ/TU", "2024-03-12", None)]),
    # --- not the document's date: an effect, another kind, an act that is no issuing, a date read with the
    #     reference before, a meeting in the clause, a year alone ---
    ("Chính phủ ban hành Nghị định số 59/2023/NĐ-CP. Nghị định có hiệu lực thi hành từ ngày 01/7/2023.",
     [("59/2023/NĐ-CP", None, None)]),
    ("Huyện ủy ban hành Kế hoạch số 20-KH/HU. Chỉ thị được ký ngày 5/3/2024.", [("20-KH/HU", None, None)]),
    ("Huyện ủy ban hành Kế hoạch số 20-KH/HU. Kế hoạch được triển khai ngày 5/3/2024.", [("20-KH/HU", None, None)]),
    ("Huyện ủy ban hành Kế hoạch số 20-KH/HU. Hội nghị đã thông qua ngày 5/3/2024 nhiều nội dung.",
     [("20-KH/HU", None, None)]),
    ("UBND tỉnh ban hành Kế hoạch số 512/KH-UBND, ngày 25/7/2023 và Ủy ban MTTQ tỉnh ban hành Hướng dẫn số "
     "09/HD-MTTQ-BTT về giám sát.", [("512/KH-UBND", "2023-07-25", None), ("09/HD-MTTQ-BTT", None, None)]),
    ("Quyết định số 12/QĐ-UBND khen thưởng 5 tập thể tại hội nghị tổng kết ngày 3/4/2024.",
     [("12/QĐ-UBND", None, None)]),
    ("Tỉnh ủy triển khai Kế hoạch số 89-KH/HU năm 2023 về công tác dân vận.", [("89-KH/HU", None, None)]),
    ("HĐND tỉnh thông qua Nghị quyết số 12/2022/NQ-HĐND về hỗ trợ người có uy tín, có hiệu lực kể từ ngày 01/8/2022.",
     [("12/2022/NQ-HĐND", None, None)]),
    ("Ngày 23/4/2024, Ban Dân vận Tỉnh ủy tổ chức hội nghị, tuyên truyền Hướng dẫn số 27-HD/BDVTU của Ban Dân vận "
     "Tỉnh ủy.", [("27-HD/BDVTU", None, "Ban Dân vận Tỉnh ủy")]),
    ("Thực hiện Quyết định 23-QĐ/TW, ngày 15 tháng 10 năm 2021, Ban Thường vụ Tỉnh ủy đã ban hành Kế hoạch số "
     "45-KH/TU.", [("23-QĐ/TW", None, None), ("45-KH/TU", "2021-10-15", None)]),
    # --- rules of data/gold/README.md (last section): an effect date is no issue date; the signing day is; a year
    #     alone is none; two-digit years; the next clause or sentence naming the document; "ký ngày" ---
    ("Luật Thực hiện dân chủ ở cơ sở năm 2022 có hiệu lực từ ngày 01/7/2023.", [(None, None, None)]),
    ("Nghị định số 59/2023/NĐ-CP có hiệu lực từ ngày 01/10/2023.", [("59/2023/NĐ-CP", None, None)]),
    ("Chỉ thị số 05-CT/HU được ký ngày 12/3/2024 và có hiệu lực từ ngày 1/4/2024.", [("05-CT/HU", "2024-03-12", None)]),
    ("Chỉ thị số 05-CT/HU có hiệu lực từ ngày 1/4/2024, được ký ngày 12/3/2024.", [("05-CT/HU", "2024-03-12", None)]),
    ("Chỉ thị số 05-CT/HU năm 2020 của Huyện ủy về dân vận.", [("05-CT/HU", None, "Huyện ủy")]),
    ("Kế hoạch số 12-KH/TĐTN ngày 9/5/22 của Tỉnh đoàn về Tháng Thanh niên.",
     [("12-KH/TĐTN", "2022-05-09", "Tỉnh đoàn")]),
    ("Ngày 3/4/2024, Tỉnh đoàn ban hành Kế hoạch số 12-KH/TĐTN về Tháng Thanh niên.", [("12-KH/TĐTN", "2024-04-03", None)]),
    ("Huyện ủy ban hành Hướng dẫn số 08-HD/HU về dân vận khéo; văn bản này ký ngày 14/5/2024.",
     [("08-HD/HU", "2024-05-14", None)]),
    ("Huyện ủy ban hành Hướng dẫn số 08-HD/HU về dân vận khéo. Văn bản này ký ngày 14/5/2024.",
     [("08-HD/HU", "2024-05-14", None)]),
    ("Ban Dân vận Tỉnh ủy xây dựng Kế hoạch số 72-KH/BDVTU về Tháng Dân vận; Kế hoạch được ban hành ngày 25/4/2024.",
     [("72-KH/BDVTU", "2024-04-25", None)]),
    ("UBND huyện và Ủy ban MTTQ huyện ký kết Chương trình phối hợp số 02/CTPH-UBND-MTTQ về giám sát. Chương trình "
     "được ký kết ngày 15/01/2024.", [("02/CTPH-UBND-MTTQ", "2024-01-15", None)]),
    ("Thực hiện Kế hoạch số 72-KH/BDVTU ký ngày 25/4/2024 của Ban Dân vận Tỉnh ủy.",
     [("72-KH/BDVTU", "2024-04-25", "Ban Dân vận Tỉnh ủy")]),
    # must not: a meeting's date, a clause that speaks of another thing, a sentence naming another kind
    ("Ngày 20/5/2024, Huyện ủy tổ chức hội nghị quán triệt Chỉ thị số 05-CT/HU của Huyện ủy.",
     [("05-CT/HU", None, "Huyện ủy")]),
    ("Huyện ủy ban hành Hướng dẫn số 08-HD/HU; hội nghị được tổ chức ngày 14/5/2024.", [("08-HD/HU", None, None)]),
    ("Huyện ủy ban hành Hướng dẫn số 08-HD/HU; Kế hoạch được ban hành ngày 14/5/2024.", [("08-HD/HU", None, None)]),
    ("Tuyên truyền Luật Đất đai 2024; Luật có hiệu lực từ ngày 01/8/2024.", [(None, None, None)]),
    # --- the date after a title holding a quoted name, after the issuer's place, on the next line ---
    ("Thực hiện Kế hoạch số 45-KH/TU của Ban Thường vụ Tỉnh ủy về phong trào “Dân vận khéo”, ban hành ngày 5 tháng 4 "
     "năm 2023, các huyện đã triển khai.", [("45-KH/TU", "2023-04-05", "Ban Thường vụ Tỉnh ủy")]),
    ("Kế hoạch số 45-KH/TU của Ban Thường vụ Tỉnh ủy về phong trào “Dân vận khéo”, hội nghị tổng kết ngày 5/4/2023 "
     "đánh giá cao.", [("45-KH/TU", None, "Ban Thường vụ Tỉnh ủy")]),
    ("Thực hiện Chỉ thị số 09-CT/HU của Ban Thường vụ Huyện ủy Ia Grai, ban hành ngày 20/6/2023, về công tác dân vận, "
     "Hội đã tổ chức.", [("09-CT/HU", "2023-06-20", "Ban Thường vụ Huyện ủy Ia Grai")]),
    ("Thực hiện Chỉ thị số 09-CT/HU của Ban Thường vụ Huyện ủy, Ban Dân vận Huyện ủy tổ chức hội nghị ngày 20/6/2023.",
     [("09-CT/HU", None, "Ban Thường vụ Huyện ủy")]),
    ("Các đơn vị bám sát Hướng dẫn số 11-HD/BDVTU\n(ngày 02/8/2024) của Ban Dân vận Tỉnh ủy về dân vận khéo.",
     [("11-HD/BDVTU", "2024-08-02", "Ban Dân vận Tỉnh ủy")]),
    ("Căn cứ Nghị quyết liên tịch số 05/2022/NQLT-CP-ĐCTUBTWMTTQVN của Chính phủ và Đoàn Chủ tịch Ủy ban Trung ương "
     "MTTQ Việt Nam\n(ban hành ngày 12/4/2022), Ủy ban đã hướng dẫn.",
     [("05/2022/NQLT-CP-ĐCTUBTWMTTQVN", "2022-04-12",
       "Chính phủ và Đoàn Chủ tịch Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam")]),
    ("Các đơn vị bám sát Hướng dẫn số 11-HD/BDVTU của Ban Dân vận Tỉnh ủy.\n(ngày 02/8/2024) Hội nghị được tổ chức.",
     [("11-HD/BDVTU", None, "Ban Dân vận Tỉnh ủy")]),
]


@pytest.mark.parametrize("text, expected", DATE_ROWS)
def test_document_date_and_issuer(text, expected):
    found = find_legal_refs(text)
    assert [(r.key, r.issued_on, r.issuer) for r in found] == expected, json.dumps(
        [r.as_dict() for r in found], ensure_ascii=False, indent=1)
    for ref in found:
        assert nfc(text)[ref.start:ref.end] == ref.text


def test_there_are_enough_rows():
    assert len(DATE_ROWS) >= 65
    assert sum(all(issued is None for _, issued, _ in expected) for _, expected in DATE_ROWS) >= 18
