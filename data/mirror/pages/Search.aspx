<!-- title: Tìm kiếm -->
<div class="breadcrumb"><span>Tìm kiếm</span></div>
<div class="search-page">
  <p>Nhập từ khóa để tìm kiếm tin bài.</p>
  <input type="text" name="q" /> <input type="submit" value="Tìm" />
</div>
