from playwright.sync_api import expect


def test_criteria_page_shows_the_thai_grid(page, live_criteria):
    page.goto(page.live_server_url + "/criteria/")

    expect(page.locator("h1")).to_have_text("เกณฑ์การประเมิน")
    expect(page.get_by_role("heading", name="หมวด 1: การนำองค์การ")).to_be_visible()
    expect(page.get_by_role("link", name="1.1 ระบบการนำองค์การที่สร้างความยั่งยืน")).to_be_visible()
    expect(page.get_by_role("cell", name="วิสัยทัศน์/ยุทธศาสตร์ตอบสนองพันธกิจ", exact=True)).to_be_visible()
    expect(page.get_by_role("columnheader", name="ระดับการพัฒนาจนเกิดผล 500 คะแนน")).to_be_visible()
    assert page.locator("tbody tr:not(.category-row)").count() == 24


def test_language_switch_and_item_page(page, live_criteria):
    page.goto(page.live_server_url + "/criteria/")
    page.get_by_role("button", name="English").click()

    expect(page.locator("h1")).to_have_text("The criteria")
    expect(page.get_by_role("heading", name="Category 1: Leadership")).to_be_visible()

    page.get_by_role("link", name="4.4").click()
    expect(page.locator("h1")).to_contain_text("4.4")
    expect(page.get_by_text("Our interpretation")).to_be_visible()

    page.get_by_role("button", name="ไทย").click()
    expect(page.get_by_role("heading", name="ระดับที่ต้องการในแต่ละระดับ")).to_be_visible()


def test_criteria_page_on_a_phone(browser, live_server, live_criteria):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(live_server.url + "/criteria/")
    # The table stacks into cards: no horizontal scrolling of the page.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    expect(page.get_by_role("link", name="6.4 การมุ่งเน้นประสิทธิผลทั้งองค์กร,ผลกระทบต่อยุทธศาสตร์ประเทศ")).to_be_visible()
    context.close()


def test_keyboard_reaches_the_content_through_the_skip_link(page, live_criteria):
    page.goto(page.live_server_url + "/criteria/pmqa-4-0/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="ข้ามไปยังเนื้อหา")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main#content")).to_be_focused()
    # Every sub-item link is reachable by keyboard: none is taken out of the tab order.
    assert page.locator("main a[tabindex='-1']").count() == 0
