"""Activities: table tests (what each clause reports, with its actor and amounts) and must-not-match rows."""

from __future__ import annotations

import pytest
import yaml

from extractors import extract
from extractors.activities import find_activities
from extractors.datafiles import DATA_DIR
from extractors.normalize import nfc


def _activities(text: str) -> list[dict]:
    out = extract(text)
    rows = []
    for a in out["activities"]:
        actor = out["organizations"][a["actor"]]["name"] if a["actor"] is not None else None
        rows.append({
            "trigger": a["text"], "action": a["action"], "actor": actor,
            "money": [out["money"][i]["text"] for i in a["money"]],
            "counts": [out["counts"][i]["text"] for i in a["counts"]],
        })
    return rows


# (text, [(trigger, action, actor, money texts, count texts), ...]) — every activity of the text, in order.
CASES = [
    ("Hội Liên hiệp Phụ nữ huyện tặng 120 phần quà, mỗi phần 500.000 đồng, tổng trị giá 60 triệu đồng.",
     [("tặng", "give", "Hội Liên hiệp Phụ nữ", ["500.000 đồng", "60 triệu đồng"], ["120 phần quà"])]),
    ("Ủy ban MTTQ Việt Nam huyện đã vận động Quỹ “Vì người nghèo” được 2 tỷ 350 triệu đồng.",
     [("vận động", "mobilize", "Ủy ban Mặt trận Tổ quốc Việt Nam", ["2 tỷ 350 triệu đồng"], [])]),
    ("Hội Nông dân huyện Chư Sê đã vận động hội viên. Hội đã vận động 300 hộ tham gia.",
     [("vận động", "mobilize", "Hội Nông dân", [], []),
      ("vận động", "mobilize", "Hội Nông dân", [], ["300 hộ"])]),
    ("Tỉnh đoàn trao 20 suất học bổng cho học sinh, mỗi suất 1.000.000 đồng; tặng 2 chiếc xe đạp cho học sinh nghèo.",
     [("trao", "give", "Tỉnh đoàn", ["1.000.000 đồng"], ["20 suất học bổng"]),
      ("tặng", "give", "Tỉnh đoàn", [], ["2 chiếc xe đạp"])]),
    ("Ban Thường vụ Huyện ủy đã khen thưởng 12 tập thể và 20 cá nhân.",
     [("khen thưởng", "commend", "Ban Thường vụ Huyện ủy", [], ["12 tập thể", "20 cá nhân"])]),
    ("Liên đoàn Lao động tỉnh đã tặng Bằng khen cho Công đoàn cơ sở.",
     [("tặng", "commend", "Liên đoàn Lao động", [], [])]),
    ("Ủy ban MTTQ Việt Nam huyện phối hợp với Phòng Lao động - Thương binh và Xã hội giám sát việc chi trả "
     "cho 3.517 đối tượng.",
     [("giám sát", "oversee", "Ủy ban Mặt trận Tổ quốc Việt Nam", [], ["3.517 đối tượng"])]),
    ("Mặt trận và các đoàn thể đã tổ chức 12 hội nghị đối thoại với nhân dân.",
     [("đối thoại", "dialogue", "Mặt trận Tổ quốc Việt Nam", [], ["12 hội nghị đối thoại"])]),
    ("Ban Dân vận Huyện ủy phối hợp với Công an huyện tổ chức hội nghị tuyên truyền pháp luật.",
     [("tổ chức", "event", "Ban Dân vận Huyện ủy", [], [])]),
    ("Ủy ban MTTQ Việt Nam xã và Công an xã ký kết quy chế phối hợp.",
     [("ký kết", "sign", "Ủy ban Mặt trận Tổ quốc Việt Nam", [], [])]),
    ("Huyện đã xây mới 35 căn nhà đại đoàn kết, sửa chữa 18 căn nhà với tổng kinh phí hơn 270 triệu đồng.",
     [("xây mới", "build", None, [], ["35 căn nhà"]),
      ("sửa chữa", "build", None, ["hơn 270 triệu đồng"], ["18 căn nhà"])]),
    ("Các cấp, các ngành đã ủng hộ 500 triệu đồng.",
     [("ủng hộ", "mobilize", None, ["500 triệu đồng"], [])]),
    ("Dự án được tài trợ 15.000 USD.", [("tài trợ", "give", None, ["15.000 USD"], [])]),
    ("Hội Nông dân huyện tổ chức thành công Đại hội đại biểu lần thứ X.",
     [("tổ chức", "event", "Hội Nông dân", [], [])]),
    ("Ban Dân vận Tỉnh ủy tổ chức Hội nghị tổng kết công tác dân vận.",
     [("tổ chức", "event", "Ban Dân vận Tỉnh ủy", [], [])]),
    ("Huyện đoàn xây dựng công trình thanh niên.", [("xây dựng", "build", "Huyện đoàn", [], [])]),
    ("Hội Nông dân xã được Ủy ban nhân dân tỉnh tặng Bằng khen.", [("tặng", "commend", "Ủy ban nhân dân", [], [])]),
    ("Hội Nông dân xã được tặng Giấy khen.", [("tặng", "commend", None, [], [])]),
    ("Đoàn công tác của Ban Dân vận Tỉnh ủy đã đến thăm, tặng 50 suất quà.",
     [("tặng", "give", "Ban Dân vận Tỉnh ủy", [], ["50 suất quà"])]),
    ("Thực hiện Kế hoạch của Ban Thường vụ Tỉnh đoàn, Huyện đoàn đã tổ chức Lễ ra quân.",
     [("tổ chức", "event", "Huyện đoàn", [], [])]),
    ("Ban Dân vận Thị ủy phối hợp với Phòng Nội vụ, Công an thị xã mở 6 lớp tập huấn.",
     [("tập huấn", "event", "Ban Dân vận Thị ủy", [], ["6 lớp tập huấn"])]),
    ("Hội Nông dân đã vận động được 200 triệu đồng, hỗ trợ 10 hộ.",
     [("vận động", "mobilize", "Hội Nông dân", ["200 triệu đồng"], []),
      ("hỗ trợ", "give", "Hội Nông dân", [], ["10 hộ"])]),
    ("Công ty TNHH MTV Cao su Chư Păh có 2.140 công nhân. Công ty đã hỗ trợ 86 lao động.",
     [("hỗ trợ", "give", "Công ty TNHH MTV Cao su Chư Păh", [], ["86 lao động"])]),
    # a name in lower case: a unit head before a proper name, a mass organization before a level word
    # (the believers it mobilizes give the work-days themselves)
    ("Năm 2023, chi hội Tin lành Plei Rông vận động tín đồ góp 300 ngày công làm đường.",
     [("vận động", "mobilize", "chi hội Tin lành Plei Rông", [], []),
      ("góp", "mobilize", None, [], ["300 ngày công"])]),
    ("Năm 2022, hội phụ nữ xã vận động hội viên góp 50 triệu đồng.",
     [("vận động", "mobilize", "Hội Liên hiệp Phụ nữ", ["50 triệu đồng"], [])]),
    # a fund acts
    ("Quỹ “Vì người nghèo” các cấp trong huyện vận động được 2 tỷ đồng.",
     [("vận động", "mobilize", "Quỹ Vì người nghèo", ["2 tỷ đồng"], [])]),
    ("Quỹ “Vì người nghèo” các cấp tiếp nhận 2 tỷ đồng; xây mới 30 căn nhà đại đoàn kết.",
     [("xây mới", "build", "Quỹ Vì người nghèo", [], ["30 căn nhà"])]),
    # the agent of a passive
    ("Nhiều hộ nghèo được Hội Nông dân huyện hỗ trợ 20 con bò giống.",
     [("hỗ trợ", "give", "Hội Nông dân", [], ["20 con bò giống"])]),
    ("Các hộ được Ủy ban MTTQ Việt Nam xã hỗ trợ làm nhà, được Đoàn Thanh niên xã hỗ trợ ngày công.",
     [("hỗ trợ", "give", "Ủy ban Mặt trận Tổ quốc Việt Nam", [], []),
      ("hỗ trợ", "give", "Đoàn Thanh niên Cộng sản Hồ Chí Minh", [], [])]),
    # bodies referred back to, and a delegation acting for the body named before it
    ("Hội Cựu chiến binh tỉnh phát động phong trào thi đua. Hội đã trao 20 căn nhà nghĩa tình đồng đội.",
     [("trao", "give", "Hội Cựu chiến binh", [], ["20 căn nhà"])]),
    ("Chi hội Phụ nữ thôn 3 được thành lập năm 2015. Chi hội tặng 10 suất quà cho trẻ em nghèo.",
     [("tặng", "give", "Chi hội Phụ nữ", [], ["10 suất quà"])]),
    ("Ban Dân vận Huyện ủy thành lập đoàn công tác. Đoàn công tác đã trao 40 suất quà cho hộ nghèo.",
     [("trao", "give", "Ban Dân vận Huyện ủy", [], ["40 suất quà"])]),
    # the subject after an opening phrase that names an owner after "của", or around a comma clause
    ("Với sự hỗ trợ của Ngân hàng Chính sách xã hội huyện, Hội Liên hiệp Phụ nữ xã đã trao 20 con bò giống.",
     [("trao", "give", "Hội Liên hiệp Phụ nữ", [], ["20 con bò giống"])]),
    ("Từ nguồn kinh phí của Ủy ban nhân dân huyện, Huyện đoàn đã xây mới 3 căn nhà nhân ái.",
     [("xây mới", "build", "Huyện đoàn", [], ["3 căn nhà"])]),
    ("Hội Nông dân huyện Chư Păh, đơn vị dẫn đầu phong trào thi đua, đã hỗ trợ 30 hộ vay vốn.",
     [("hỗ trợ", "give", "Hội Nông dân", [], ["30 hộ"])]),
    # leaders of a body open the subject: the body acts; a body led by another one carries the act out, and the
    # households it mobilizes give their land themselves
    ("Tại buổi lễ, lãnh đạo Ủy ban MTTQ Việt Nam tỉnh đã trao 50 suất quà cho hộ nghèo.",
     [("trao", "give", "Ủy ban Mặt trận Tổ quốc Việt Nam", [], ["50 suất quà"])]),
    ("Ban Thường vụ Huyện ủy lãnh đạo Ủy ban MTTQ Việt Nam huyện vận động 40 hộ hiến đất.",
     [("vận động", "mobilize", "Ủy ban Mặt trận Tổ quốc Việt Nam", [], ["40 hộ"]), ("hiến", "mobilize", None, [], [])]),
    # a meeting held
    ("Ủy ban MTTQ Việt Nam xã tổ chức gặp mặt 40 người có uy tín.",
     [("tổ chức", "event", "Ủy ban Mặt trận Tổ quốc Việt Nam", [], ["40 người"])]),
    # coordinated verbs share the actor
    ("Hội Chữ thập đỏ huyện đã vận động và trao 200 suất quà cho hộ nghèo.",
     [("vận động", "mobilize", "Hội Chữ thập đỏ", [], []),
      ("trao", "give", "Hội Chữ thập đỏ", [], ["200 suất quà"])]),
    ("Huyện đoàn vận động, tiếp nhận và trao 30 chiếc xe đạp cho học sinh.",
     [("vận động", "mobilize", "Huyện đoàn", [], []), ("trao", "give", "Huyện đoàn", [], ["30 chiếc xe đạp"])]),
]

# (text, trigger that must not be reported as an activity)
MUST_NOT = [
    ("Thực hiện Quyết định 217-QĐ/TW về giám sát, phản biện xã hội và góp ý xây dựng Đảng, Ban Thường vụ "
     "Huyện ủy lãnh đạo.", "xây dựng"),
    ("Thực hiện Quyết định 217-QĐ/TW về giám sát, phản biện xã hội.", "phản biện"),
    ("Chỉ thị số 49-CT/TW của Ban Bí thư về xây dựng gia đình thời kỳ công nghiệp hóa.", "xây dựng"),
    ("Huyện thực hiện Cuộc vận động “Toàn dân đoàn kết xây dựng nông thôn mới”.", "vận động"),
    ("Mức hỗ trợ là 40 triệu đồng mỗi căn.", "hỗ trợ"),
    ("Cùng với sự hỗ trợ của các doanh nghiệp, huyện làm nhà.", "hỗ trợ"),
    ("Ban Thường vụ chỉ đạo tăng cường công tác vận động quần chúng.", "vận động"),
    ("Nghị quyết 42/NQ-CP về các biện pháp hỗ trợ người dân gặp khó khăn.", "hỗ trợ"),
    ("Toàn huyện có 412 căn nhà cần hỗ trợ.", "hỗ trợ"),
    ("Thời gian tới, Ủy ban nhân dân huyện tiếp tục tập huấn kỹ năng cho hòa giải viên.", "tập huấn"),
    ("Các cấp bộ Đoàn sẽ tổ chức ngày hội ở 17 huyện.", "tổ chức"),
    ("Ủy ban MTTQ Việt Nam tỉnh xây dựng chương trình hành động.", "xây dựng"),
    ("Các giáo xứ phối hợp xây dựng mô hình gia đình no ấm.", "xây dựng"),
    ("Tinh thần “dân biết, dân bàn, dân làm, dân kiểm tra, dân giám sát” được phát huy.", "giám sát"),
    ("Ban Giám sát đầu tư của cộng đồng được kiện toàn.", "Giám sát"),
    ("Công ty tổ chức tiêm vắc-xin cho công nhân.", "tổ chức"),
    ("Hội viên góp phần giữ vững an ninh trật tự.", "góp"),
    ("Ban Thanh tra nhân dân cấp xã được bố trí kinh phí.", "cấp"),
    ("Hai bên trao đổi kinh nghiệm.", "trao"),
    ("Ghi nhận những đóng góp của đồng bào Công giáo.", "đóng góp"),
    ("Chư Sê: Hiệu quả từ phong trào chung tay xây dựng nhà đại đoàn kết\n\nHuyện có 46 căn nhà.", "xây dựng"),
    ("Từ nguồn ngân sách và đóng góp của nhân dân, huyện đã phục dựng 21 nhà rông.", "đóng góp"),
    ("Việc làm này được nhân dân đồng tình, ủng hộ.", "ủng hộ"),
    ("Tổng trị giá quà tặng của đợt công tác gần 90 triệu đồng.", "tặng"),
    ("Các đoàn thể phát động đợt vận động “Tiếp sức đến trường”.", "vận động"),
    ("Cùng với hỗ trợ sản xuất, Hội Nông dân huyện tổ chức khám bệnh.", "hỗ trợ"),
    ("Qua đối thoại, 37 hộ dân đã đồng thuận nhận tiền bồi thường.", "đối thoại"),
]

# How Vietnamese reports name the acting body, class by class (invented sentences): the same rows format as CASES.
ACTOR_CLASSES = [
    # a person with several offices: the body of the last office, next to the verb; not a member, not after speech
    ("Tại xã Bình Quý, đồng chí Nguyễn Văn Hùng, Phó Bí thư Huyện ủy, Chủ tịch Ủy ban MTTQ huyện, trao 10 căn nhà.",
     [("trao", "give", "Ủy ban Mặt trận Tổ quốc Việt Nam", [], ["10 căn nhà"])]),
    ("Đồng chí Trần Thị Mai, Tỉnh ủy viên, Trưởng Ban Dân vận Huyện ủy, đã đối thoại với 120 đoàn viên.",
     [("đối thoại", "dialogue", "Ban Dân vận Huyện ủy", [], ["120 đoàn viên"])]),
    ("Ông Lê Văn Thành, Phó Chủ tịch Ủy ban nhân dân huyện, Trưởng Ban Chỉ đạo thực hiện Quy chế dân chủ ở cơ sở "
     "huyện, tặng Giấy khen cho 8 tập thể.",
     [("tặng", "commend", "Ban Chỉ đạo thực hiện Quy chế dân chủ ở cơ sở", [], ["8 tập thể"])]),
    ("Bà Nguyễn Thị Lan, hội viên Hội LHPN xã, Ủy ban MTTQ xã, trao 5 suất quà.",
     [("trao", "give", "Hội Liên hiệp Phụ nữ", [], ["5 suất quà"])]),
    ("Đồng chí Nguyễn Văn An, Chủ tịch Ủy ban nhân dân xã, cho biết, Hội Nông dân xã đã trao 20 suất quà.",
     [("trao", "give", "Hội Nông dân", [], ["20 suất quà"])]),
    ("Ủy ban MTTQ huyện, Hội Nông dân huyện, Huyện đoàn trao 30 suất quà.",
     [("trao", "give", "Ủy ban Mặt trận Tổ quốc Việt Nam", [], ["30 suất quà"])]),
    # an event's organizing committee is no body named before it ("Ban tổ chức" is not "Ban Dân vận …")
    ("Ban Dân vận Huyện ủy dự lễ ra quân. Tại buổi lễ, Ban tổ chức trao 20 suất học bổng.",
     [("trao", "give", None, [], ["20 suất học bổng"])]),
    ("Ban Dân vận Huyện ủy họp với các đoàn thể. Ban đã trao 20 suất quà.",
     [("trao", "give", "Ban Dân vận Huyện ủy", [], ["20 suất quà"])]),
    ("Ban Tổ chức Huyện ủy trao 10 suất quà.", [("trao", "give", "Ban Tổ chức Huyện ủy", [], ["10 suất quà"])]),
    # the subject at the clause start, kept across coordinated clauses
    ("Hội LHPN huyện đã vận động hội viên tham gia bảo hiểm y tế, đồng thời trao 30 suất quà cho phụ nữ nghèo.",
     [("vận động", "mobilize", "Hội Liên hiệp Phụ nữ", [], []), ("trao", "give", "Hội Liên hiệp Phụ nữ", [], ["30 suất quà"])]),
    ("Ủy ban MTTQ Việt Nam xã họp bàn với các đoàn thể, sau đó trao 20 suất quà cho hộ nghèo.",
     [("trao", "give", "Ủy ban Mặt trận Tổ quốc Việt Nam", [], ["20 suất quà"])]),
    ("UBND xã đã hỗ trợ 10 triệu đồng và Hội Nông dân xã tặng 5 con bò giống.",
     [("hỗ trợ", "give", "Ủy ban nhân dân", ["10 triệu đồng"], []), ("tặng", "give", "Hội Nông dân", [], ["5 con bò giống"])]),
    ("Huyện đoàn vận động Công ty Điện lực Gia Lai tài trợ 50 triệu đồng.",
     [("vận động", "mobilize", "Huyện đoàn", [], []), ("tài trợ", "give", "Công ty Điện lực Gia Lai", ["50 triệu đồng"], [])]),
    # a body referred back to by its head
    ("Đoàn Thanh niên xã Ia Hrung vừa ra mắt đội hình tình nguyện. Đoàn xã phối hợp tổ chức hội thi rung chuông vàng.",
     [("tổ chức", "event", "Đoàn Thanh niên Cộng sản Hồ Chí Minh", [], [])]),
    ("Ủy ban MTTQ Việt Nam huyện họp bàn công tác an sinh. Ủy ban đã trao 30 suất quà cho hộ khó khăn.",
     [("trao", "give", "Ủy ban Mặt trận Tổ quốc Việt Nam", [], ["30 suất quà"])]),
    ("Ban Thường trực Ủy ban MTTQ Việt Nam huyện họp. Ban Thường trực đã trao 25 suất quà.",
     [("trao", "give", "Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam", [], ["25 suất quà"])]),
    ("Hội Nông dân xã Ia Kla có 600 hội viên. Năm 2024, hội đã vận động hội viên góp 50 triệu đồng.",
     [("vận động", "mobilize", "Hội Nông dân", ["50 triệu đồng"], [])]),
    ("Giáo xứ Thánh Tâm có 3.000 giáo dân. Năm 2023, giáo xứ đã vận động giáo dân hiến 800 m2 đất.",
     [("vận động", "mobilize", "Giáo xứ Thánh Tâm", [], []), ("hiến", "mobilize", None, [], [])]),
    # passives, "do", sponsors
    ("Hội nghị do Ủy ban MTTQ Việt Nam tỉnh tổ chức thu hút 200 đại biểu.",
     [("tổ chức", "event", "Ủy ban Mặt trận Tổ quốc Việt Nam", [], ["200 đại biểu"])]),
    ("Kinh phí in tài liệu do Ủy ban nhân dân huyện cấp 150 triệu đồng.",
     [("cấp", "give", "Ủy ban nhân dân", ["150 triệu đồng"], [])]),
    ("Với sự tài trợ của Công ty Điện lực Gia Lai, 5 căn nhà đã được xây mới cho hộ nghèo.",
     [("xây mới", "build", "Công ty Điện lực Gia Lai", [], ["5 căn nhà"])]),
    ("Từ nguồn vận động của Ủy ban MTTQ Việt Nam huyện, 12 căn nhà đại đoàn kết được khởi công.",
     [("khởi công", "build", "Ủy ban Mặt trận Tổ quốc Việt Nam", [], ["12 căn nhà"])]),
    ("20 hộ nghèo được Hội Chữ thập đỏ huyện trao tặng 20 con bò giống.",
     [("trao tặng", "give", "Hội Chữ thập đỏ", [], ["20 hộ nghèo", "20 con bò giống"])]),
    ("Năm 2023, hợp tác xã được ngân hàng cho vay 3 tỷ đồng để xây dựng 2 kho sơ chế.",
     [("cho vay", "give", None, ["3 tỷ đồng"], []), ("xây dựng", "build", None, [], ["2 kho"])]),
    # partners, and who carries out what another body directs
    ("Hội Nông dân huyện phối hợp với Ngân hàng Chính sách xã hội tổ chức 3 lớp tập huấn cho hội viên.",
     [("tổ chức", "event", "Hội Nông dân", [], ["3 lớp tập huấn"])]),
    ("Hội Nông dân huyện cùng với Hội Cựu chiến binh huyện trao 10 suất quà.",
     [("trao", "give", "Hội Nông dân", [], ["10 suất quà"])]),
    ("Ban Dân vận Huyện ủy chỉ đạo Ủy ban MTTQ Việt Nam xã tổ chức gặp mặt 40 người có uy tín.",
     [("tổ chức", "event", "Ủy ban Mặt trận Tổ quốc Việt Nam", [], ["40 người"])]),
    ("Ban Thường vụ Tỉnh ủy giao Ban Dân vận Tỉnh ủy chủ trì, phối hợp với Ban Tuyên giáo Tỉnh ủy tổ chức hội nghị.",
     [("tổ chức", "event", "Ban Dân vận Tỉnh ủy", [], [])]),
    ("Ban Dân vận Huyện ủy phân công mỗi cán bộ phụ trách thôn, làng, trực tiếp vận động các hộ hiến đất.",
     [("vận động", "mobilize", None, [], []), ("hiến", "mobilize", None, [], [])]),
    ("Ủy ban MTTQ Việt Nam tỉnh phát động Tháng cao điểm vì người nghèo. Mặt trận các cấp đã vận động 3 tỷ đồng.",
     [("vận động", "mobilize", "Mặt trận Tổ quốc Việt Nam", ["3 tỷ đồng"], [])]),
    ("Quỹ Bảo trợ trẻ em tỉnh được thành lập năm 2005. Năm 2024, quỹ đã trao 300 suất học bổng.",
     [("trao", "give", "Quỹ Bảo trợ trẻ em", [], ["300 suất học bổng"])]),
    ("Đặc biệt, Ủy ban MTTQ xã Ia Dom đã vận động 5 hộ tự nguyện hiến 2.000 m2 đất.",
     [("vận động", "mobilize", "Ủy ban Mặt trận Tổ quốc Việt Nam", [], ["5 hộ"]), ("hiến", "mobilize", None, [], [])]),
    # an opening adverbial before the subject
    ("Năm 2024, Ban Dân vận Huyện ủy đã tổ chức 5 hội nghị đối thoại với nhân dân.",
     [("đối thoại", "dialogue", "Ban Dân vận Huyện ủy", [], ["5 hội nghị"])]),
    ("Nhân dịp kỷ niệm Ngày thành lập Mặt trận Tổ quốc Việt Nam, Hội Nông dân xã trao 15 suất quà.",
     [("trao", "give", "Hội Nông dân", [], ["15 suất quà"])]),
    ("Theo Ban Dân vận Huyện ủy, năm 2023 Hội Cựu chiến binh huyện đã hỗ trợ 20 hộ làm nhà.",
     [("hỗ trợ", "give", "Hội Cựu chiến binh", [], ["20 hộ"])]),
    ("Linh mục quản xứ Thánh Tâm cho biết, thực hiện Chỉ thị số 18-CT/TW của Ban Bí thư, Giáo xứ Thánh Tâm đã "
     "vận động 300 giáo dân tham gia làm đường.",
     [("vận động", "mobilize", "Giáo xứ Thánh Tâm", [], ["300 giáo dân"])]),
    # no acting body
    ("Nhân dân trong xã đã hiến 2.000 m2 đất làm đường.", [("hiến", "mobilize", None, [], [])]),
    ("Ông Rơ Mah Thuân, người có uy tín ở làng Ia Mơ, đã vận động 15 hộ hiến đất.",
     [("vận động", "mobilize", None, [], ["15 hộ"]), ("hiến", "mobilize", None, [], [])]),
    ("Hội LHPN huyện đã trao quà cho 30 phụ nữ nghèo, hỗ trợ 10 hộ vay vốn.",
     [("trao", "give", "Hội Liên hiệp Phụ nữ", [], ["30 phụ nữ"]), ("hỗ trợ", "give", "Hội Liên hiệp Phụ nữ", [], ["10 hộ"])]),
    ("Hội Nông dân huyện, với hơn 12.000 hội viên, đã vận động hội viên ủng hộ 80 triệu đồng.",
     [("vận động", "mobilize", "Hội Nông dân", [], ["hơn 12.000 hội viên"]), ("ủng hộ", "mobilize", None, ["80 triệu đồng"], [])]),
    ("Được Ủy ban nhân dân tỉnh giao nhiệm vụ, Sở Lao động - Thương binh và Xã hội đã tổ chức 10 lớp dạy nghề.",
     [("tổ chức", "event", "Sở Lao động - Thương binh và Xã hội", [], ["10 lớp"])]),
    # a rate stated in a passive belongs to the act before it
    ("Quỹ “Vì người nghèo” huyện xây mới 20 căn nhà, mỗi căn được hỗ trợ 50 triệu đồng.",
     [("xây mới", "build", "Quỹ Vì người nghèo", ["50 triệu đồng"], ["20 căn nhà"])]),
    ("Phối hợp với Hội Nông dân xã, Ủy ban MTTQ Việt Nam xã đã trao 40 suất quà.",
     [("trao", "give", "Ủy ban Mặt trận Tổ quốc Việt Nam", [], ["40 suất quà"])]),
    ("Ban Vận động đã tiếp nhận 2 tỷ đồng từ 300 tập thể, cá nhân ủng hộ.",
     [("ủng hộ", "mobilize", None, ["2 tỷ đồng"], ["300 tập thể"])]),
    # a person with an office acts for the body of that office
    ("Đồng chí Nguyễn Văn An, Phó Chủ tịch Ủy ban MTTQ Việt Nam tỉnh trao 50 suất quà cho hộ nghèo.",
     [("trao", "give", "Ủy ban Mặt trận Tổ quốc Việt Nam", [], ["50 suất quà"])]),
    ("Chủ tịch UBND huyện tặng Giấy khen cho 9 tập thể.", [("tặng", "commend", "Ủy ban nhân dân", [], ["9 tập thể"])]),
    ("Bà Nguyễn Thị Hoa, Chủ tịch Hội LHPN huyện, đã trao 30 suất quà cho phụ nữ nghèo.",
     [("trao", "give", "Hội Liên hiệp Phụ nữ", [], ["30 suất quà"])]),
    # one act listed with two triggers
    ("UBND các xã đã tổ chức 120 hội nghị đối thoại, tiếp xúc cử tri.",
     [("đối thoại", "dialogue", "Ủy ban nhân dân", [], ["120 hội nghị"])]),
    ("Đoàn viên đến từng nhà vận động 40 học sinh bỏ học trở lại trường.",
     [("vận động", "mobilize", None, [], ["40 học sinh"])]),
]
# Trigger words that are no act (a programme's name, a plan or a model built, an organization, a document's
# subject in parentheses, a nominal subject, a purpose without a figure, a noun of money or of beneficiaries).
MUST_NOT_CLASSES = [
    ("Chương trình hỗ trợ sinh kế cho phụ nữ được triển khai ở 5 xã.", "hỗ trợ"),
    ("Ủy ban MTTQ Việt Nam tỉnh xây dựng kế hoạch giám sát năm 2025.", "giám sát"),
    ("Các tổ chức chính trị - xã hội tham gia đầy đủ.", "tổ chức"),
    ("Theo Thông tư số 02/2016/TT-BKHĐT (hướng dẫn hỗ trợ phát triển hợp tác xã), huyện chọn 3 hợp tác xã.", "hỗ trợ"),
    ("Việc vận động được thực hiện theo Nghị quyết của Ban Chấp hành Trung ương.", "vận động"),
    ("Hằng năm huyện chọn 5 hợp tác xã để hỗ trợ đào tạo.", "hỗ trợ"),
    ("Gói hỗ trợ 50 triệu đồng được giải quyết kịp thời.", "hỗ trợ"),
    ("Tiền hỗ trợ được chi trả đúng hạn.", "hỗ trợ"),
    ("Danh sách đối tượng hỗ trợ được niêm yết công khai.", "hỗ trợ"),
    ("Hội Nông dân xây dựng mô hình kinh tế tập thể.", "xây dựng"),
    ("Mặt trận và các đoàn thể tham gia góp ý xây dựng Đảng, xây dựng chính quyền.", "góp ý"),
    ("Việc đôn đốc giải quyết kiến nghị sau giám sát chưa thường xuyên.", "giám sát"),
    ("Sở Nội vụ hướng dẫn xây dựng hương ước, quy ước.", "xây dựng"),
]

@pytest.mark.parametrize("text, expected", CASES + ACTOR_CLASSES)
def test_activities(text, expected):
    got = [(a["trigger"], a["action"], a["actor"], a["money"], a["counts"]) for a in _activities(text)]
    assert [row[:4] for row in got] == [row[:4] for row in expected]
    for (*_, counts), (*_, wanted) in zip(got, expected):
        # a count is linked when its text starts with the expected words (its object may run on)
        assert len(counts) == len(wanted) and all(c.startswith(w) for c, w in zip(counts, wanted)), counts


@pytest.mark.parametrize("text, trigger", MUST_NOT + MUST_NOT_CLASSES)
def test_not_an_activity(text, trigger):
    assert trigger in text
    assert all(a["trigger"] != trigger for a in _activities(text)), _activities(text)


def test_offsets_and_keys():
    text = "Hội Chữ thập đỏ huyện trao 50 suất quà cho hộ nghèo xã Ia Blang ngày 15/5/2025."
    out = extract(text)
    [activity] = out["activities"]
    assert set(activity) == {"action", "text", "start", "end", "sentence", "actor", "place", "date", "money",
                             "counts", "object", "beneficiary"}
    assert text[activity["start"]:activity["end"]] == activity["text"] == "trao"
    assert activity["sentence"] == text
    assert out["locations"][activity["place"]]["name"] == "Ia Blang"
    assert activity["date"] == "2025-05-15"
    assert activity["object"].endswith("quà")
    assert activity["beneficiary"].startswith("hộ nghèo")


def test_nfd_input_gives_nfc_offsets():
    text = "Hội Nông dân tỉnh ủng hộ 200 triệu đồng."
    import unicodedata
    out = extract(unicodedata.normalize("NFD", text))
    [activity] = out["activities"]
    assert nfc(text)[activity["start"]:activity["end"]] == "ủng hộ"


def test_pure_function_without_facts_gives_the_same():
    text = "Huyện đoàn huy động hơn 300 lượt đoàn viên tham gia."
    assert [a.as_dict() for a in find_activities(text)] == extract(text)["activities"]


def test_every_trigger_in_the_data_has_an_example_that_reports_it():
    data = yaml.safe_load((DATA_DIR / "activities.yaml").read_text(encoding="utf-8"))
    for action, entries in data["actions"].items():
        for entry in entries:
            example = entry["example"]
            found = [a for a in extract(example)["activities"] if a["text"].lower() == entry["trigger"]]
            assert found, (entry["trigger"], example)


def test_empty_and_odd_texts():
    assert extract("")["activities"] == []
    assert extract("vận động")["activities"] == [] or extract("vận động")["activities"][0]["actor"] is None
    assert extract("“tặng”")["activities"] == []


def test_trigger_prescan_finds_what_a_full_scan_finds():
    from extractors.normalize import matching_form
    from extractors.patterns.activities import activity_patterns
    from extractors.prescan import matches_at

    texts = [row[0] for row in CASES] + [row[0] for row in MUST_NOT] + [
        "Vận động, HỖ TRỢ; Trao-tặng “tặng” 5tặng tặng5 xây dựngnhà ĐÓNG GÓP đóng  góp"]
    patterns = activity_patterns()
    for text in texts:
        form = matching_form(text)
        fast = [m.span() for m in matches_at(patterns.trigger, form, patterns.trigger_starts.starts(form))]
        assert fast == [m.span() for m in patterns.trigger.finditer(form)], text


# Texts where a word of a list stands glued to a letter or digit, twice in a row, or cut by the end of the search.
GLUED_WORDS = [
    "Hội Nông dân xã và Hội tặng; xHội Hội5 Hội, Công ty Công ty",
    "giao Ban Dân vận, chỉ đạoo chỉ đạo, phân công; Đoàn công tác Đoàn công tácx",
    "về vềx xvề về; được đượcc, cho cho5 chora cho",
    "Thời gian tới sẽ vận động; sẽx sẽ, Sẽ tổ chức, phấn đấu phấn đấuu cần",
    "_Hội Hội_ ²Hội ٣Hội (Hội); _về về_ x_cho cho; _sẽ sẽ, _giao giao",
]


def test_word_sets_find_what_the_whole_word_patterns_find():
    """WordSet and whole_word give the matches of ``(?<!\\w)(?:words)(?!\\w)`` over every span of a text."""
    import re

    from extractors.datafiles import load_yaml
    from extractors.patterns.activities import WordSet, _word_set, group_words, whole_word

    data = load_yaml("activities.yaml")
    lists = [group_words(data[name]) for name in ("referring_heads", "referring_heads_lower", "delegations",
                                                  "causatives")]
    pairs = [(WordSet(words), _word_set(words)) for words in lists]
    pairs += [(whole_word(word), re.compile(rf"(?<!\w){word}(?!\w)")) for word in ("về", "được", "cho")]
    for text in GLUED_WORDS + [row[0] for row in CASES]:
        for start in range(0, len(text), 3):
            for end in range(start, len(text) + 1, 5):
                for fast, full in pairs:
                    assert [m.span() for m in fast.finditer(text, start, end)] == \
                        [m.span() for m in full.finditer(text, start, end)], (text[start:end], full.pattern[:40])


def test_phrase_stop_finds_what_one_pattern_of_marks_and_words_finds():
    import re

    from extractors.datafiles import load_yaml
    from extractors.patterns.activities import NOT_AFTER_WORD, NOT_BEFORE_WORD, activity_patterns, group_words, words_regex

    words = words_regex(group_words(load_yaml("activities.yaml")["phrase_stops"]))
    full = re.compile(rf"[,;.:()“”\"!?\n]|{NOT_AFTER_WORD}(?:{words}){NOT_BEFORE_WORD}")
    stop = activity_patterns().phrase_stop
    texts = GLUED_WORDS + [row[0] for row in CASES] + ["tặng quà chocho cho, trị giá; với tổngx với tổng (mỗi)"]
    for text in texts:
        for start in range(0, len(text), 2):
            for end in range(start, len(text) + 1, 3):
                found, expected = stop.search(text, start, end), full.search(text, start, end)
                assert (found and found.span()) == (expected and expected.span()), text[start:end]


def test_plan_markers_found_in_lower_case_are_the_ones_a_search_finds():
    from extractors.activities import _first_plan_marker
    from extractors.normalize import matching_form
    from extractors.patterns.activities import activity_patterns
    from extractors.prescan import in_lower_case

    patterns = activity_patterns()
    odd = ["THỜI GIAN TỚI SẼ VẬN ĐỘNG, Phấn Đấu hỗ trợ, CẦN tổ chức", "ſẽ vận động, ıcần hỗ trợ, İN sẽ"]
    for text in GLUED_WORDS + odd + [row[0] for row in CASES] + [row[0] for row in MUST_NOT]:
        form = matching_form(text)
        lower_case = in_lower_case(form)
        for start in range(0, len(form), 2):
            for end in range(start, len(form) + 1, 3):
                found = _first_plan_marker(form, lower_case, start, end, patterns)
                expected = patterns.plan_marker.search(form, start, end)
                assert (found and found.span()) == (expected and expected.span()), form[start:end]


def test_plan_markers_in_lower_case_read_every_character_as_the_case_insensitive_markers_do():
    """Every character but those of _FOLDED_APART is one character in lower case, a word character exactly when its
    lower case is, and taken by the case-insensitive regex for a letter of the plan markers exactly when its lower case
    is that letter: so the lower-case markers find on the text in lower case what the markers find on the text."""
    import re

    from extractors.datafiles import load_yaml
    from extractors.patterns.activities import group_words
    from extractors.prescan import _FOLDED_APART

    everything = [chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000 and chr(c) not in _FOLDED_APART]
    word = re.compile(r"\w")
    lowered: dict[str, set[str]] = {}
    for character in everything:
        lower = character.lower()
        assert len(lower) == 1 and bool(word.match(character)) == bool(word.match(lower)), character
        lowered.setdefault(lower, set()).add(character)
    text = "".join(everything)
    for letter in {c for marker in group_words(load_yaml("activities.yaml")["plan_markers"]) for c in marker.lower()}:
        taken = {m.group() for m in re.finditer(re.escape(letter), text, re.IGNORECASE)}
        assert taken == lowered[letter], letter


def test_a_long_text_gives_what_its_parts_give():
    """One long text gives, clause for clause, what its parts give (no quadratic step changes the result)."""
    part = CASES[0][0] + "\n" + CASES[3][0]
    one = extract(part)["activities"]
    many = extract("\n".join([part] * 200))["activities"]
    assert len(many) == 200 * len(one)
    assert [a["action"] for a in many[:len(one)]] == [a["action"] for a in one]


def test_every_word_group_of_the_data_has_a_vietnamese_example():
    data = yaml.safe_load((DATA_DIR / "activities.yaml").read_text(encoding="utf-8"))
    groups = [g for key, value in data.items() if key not in ("actions", "campaign_word", "objects") for g in value]
    groups += [g for value in data["objects"].values() for g in value]
    assert len(groups) > 20
    for group in groups:
        assert group["words"] and isinstance(group["example"], str), group
        assert any(c in group["example"] for c in "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"), group


def test_words_before_find_what_their_regex_finds():
    """WordsBefore passes a span over only when its regex finds nothing there: every letter of the words' first pieces
    is taken by the case-insensitive regex only for characters whose lower case it is, and over every span of real
    and odd texts the two give the same match."""
    import re

    from extractors.datafiles import load_yaml
    from extractors.patterns.activities import NOT_AFTER_WORD, WordsBefore, group_words, words_regex

    words = group_words(load_yaml("activities.yaml")["not_after_across_comma"])
    before = WordsBefore(words)
    everything = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    for letter in {c for piece in before.pieces for c in piece}:
        taken = {m.group() for m in re.finditer(re.escape(letter), everything, re.IGNORECASE)}
        assert all(character.lower() == letter for character in taken), letter
    full = re.compile(rf"{NOT_AFTER_WORD}(?:{words_regex(words)})\s*,?\s*$", re.IGNORECASE)
    odd = ["Nhân dân ĐỒNG TÌNH, ủng hộ; HƯỞNG  ỨNG , tham gia; quan tâmx hỗ trợ; xquan tâm, trao",
           "được nhân dân đồng tình\n, ſ ı İ hưởng ứng ủng hộ"]
    hits = 0
    for text in GLUED_WORDS + odd + [row[0] for row in CASES] + [row[0] for row in MUST_NOT]:
        for start in range(0, len(text), 2):
            for end in range(start, len(text) + 1):
                found, expected = before.search(text, start, end), full.search(text, start, end)
                assert (found and found.span()) == (expected and expected.span()), text[start:end]
                hits += expected is not None
    assert hits > 100
