<!-- title: Giới thiệu -->
<div class="breadcrumb"><span>Giới thiệu</span></div>
<div class="intro">
  <h2>Giới thiệu Ban Dân vận Tỉnh ủy Gia Lai</h2>
  <p>Ban Dân vận Tỉnh ủy là cơ quan tham mưu, giúp việc của Tỉnh ủy, trực tiếp và thường xuyên là Ban Thường vụ, Thường trực Tỉnh ủy về công tác dân vận.</p>
  <p>Ban có chức năng nghiên cứu, đề xuất chủ trương, giải pháp về công tác dân vận; hướng dẫn, kiểm tra, giám sát việc thực hiện; phối hợp với Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các đoàn thể chính trị - xã hội tỉnh trong công tác vận động quần chúng.</p>
  <p>Địa chỉ: 02 Hai Bà Trưng, thành phố Pleiku, tỉnh Gia Lai. Điện thoại: (0269) 3716046.</p>
</div>
