<!-- title: Lịch công tác tuần của Thường trực Ban -->
<div class="breadcrumb"><a href="/Tin-hoat-dong.aspx">Tin hoạt động</a> &gt; <span>Lịch công tác tuần</span></div>
<div class="schedule">
  <h2>Lịch công tác tuần (23/9/2024 - 27/9/2024)</h2>
  <table class="schedule-table">
    <tr><th>Thứ</th><th>Sáng</th><th>Chiều</th></tr>
    <tr><td>Thứ hai</td><td>Giao ban Ban</td><td>Làm việc tại cơ quan</td></tr>
    <tr><td>Thứ ba</td><td>Dự hội nghị tại Tỉnh ủy</td><td>Làm việc tại cơ quan</td></tr>
    <tr><td>Thứ tư</td><td>Kiểm tra tại huyện Đak Đoa</td><td>Kiểm tra tại huyện Đak Đoa</td></tr>
    <tr><td>Thứ năm</td><td>Làm việc tại cơ quan</td><td>Họp Ban Chỉ đạo Quy chế dân chủ</td></tr>
    <tr><td>Thứ sáu</td><td>Làm việc tại cơ quan</td><td>Làm việc tại cơ quan</td></tr>
  </table>
</div>
