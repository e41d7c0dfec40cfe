"""The softphone in a real browser: Debian's headless Chromium places the demo call.

Run by scripts/browser-test, which starts `serve --dev` and sets SOFTPHONE_URL. `?fast=1` makes the
page shorten its waits (prompts, <Gather> timeouts); the TwiML is the product's own.
"""

import os
import re

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

BASE_URL = os.environ["SOFTPHONE_URL"]
SESSION = os.environ["SOFTPHONE_SESSION"]
SCREENSHOT = os.environ.get("SOFTPHONE_SCREENSHOT")
CARD, PIN = "1234", "4321"


@pytest.fixture(scope="module")
def browser():
    options = Options()
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1440,960",
                     "--force-device-scale-factor=1", "--mute-audio", "--lang=en-US"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")), options=options)
    yield driver
    driver.quit()


def text_of(browser, element_id):
    return browser.find_element(By.ID, element_id).text


def wait_for_text(browser, element_id, text, timeout=20):
    WebDriverWait(browser, timeout).until(lambda b: text in text_of(b, element_id),
                                          f"{text!r} never appeared in #{element_id}")


def as_token(digits, text):
    """Whether `digits` stands alone in `text` (not inside a hex ciphertext or a CallSid)."""
    return re.search(rf"(?<![0-9A-Za-z]){digits}(?![0-9A-Za-z])", text) is not None


def start_call(browser):
    browser.get(f"{BASE_URL}/simulator?fast=1&session={SESSION}")
    browser.find_element(By.ID, "call").click()
    wait_for_text(browser, "prompt", "Please enter last 4 digits of your payment card number.")


def hang_up(browser):
    if browser.find_element(By.ID, "call-label").text == "Hang up":
        browser.find_element(By.ID, "call").click()
    wait_for_text(browser, "status-text", "Call ended")


def test_the_demo_call_reads_the_account_and_never_shows_the_digits(browser):
    start_call(browser)
    for digit in CARD:
        browser.find_element(By.CSS_SELECTOR, f'#keypad button[data-key="{digit}"]').click()
    wait_for_text(browser, "prompt", "Please enter your unique 4 digit identification number.")
    ActionChains(browser).send_keys(PIN).perform()
    wait_for_text(browser, "transcript", "AC12345678")
    wait_for_text(browser, "transcript", "12.55")
    wait_for_text(browser, "status-text", "Call ended")

    transcript = text_of(browser, "transcript")
    travelled = text_of(browser, "steps")
    assert "••••" in transcript
    for digits in (CARD, PIN):
        assert not as_token(digits, transcript), f"{digits} shown in the transcript"
        assert not as_token(digits, travelled), f"{digits} shown in what travelled"
    assert "encryptedCardDigits=" in travelled
    assert "Digits=*REDACTED*" in travelled
    assert "gather step" in travelled
    assert len(browser.find_elements(By.CSS_SELECTOR, "#steps .step")) == 3
    if SCREENSHOT:
        browser.execute_script("window.scrollTo(0, 0)")
        browser.save_screenshot(SCREENSHOT)


def test_enter_is_the_pound_key_and_too_few_digits_are_asked_again(browser):
    start_call(browser)
    ActionChains(browser).send_keys("12", Keys.ENTER).perform()
    wait_for_text(browser, "transcript", "Sorry, I did not get 4 digits.")
    assert not as_token("12", text_of(browser, "transcript"))
    hang_up(browser)


def test_no_input_falls_through_to_the_next_verb(browser):
    start_call(browser)
    wait_for_text(browser, "transcript", "No keys pressed before the timeout")
    wait_for_text(browser, "transcript", "Sorry, I did not get 4 digits.")
    hang_up(browser)


def test_the_page_holds_no_secret_and_is_labelled(browser):
    browser.get(f"{BASE_URL}/simulator?session={SESSION}")
    keys = browser.find_elements(By.CSS_SELECTOR, "#keypad button")
    assert len(keys) == 12 and all(key.get_attribute("aria-label") for key in keys)
    assert browser.find_element(By.ID, "prompt").get_attribute("aria-live") == "polite"
    assert browser.find_element(By.ID, "status").get_attribute("role") == "status"
    assert browser.find_element(By.ID, "call").tag_name == "button"
    source = browser.page_source
    assert not re.search(r"[0-9a-f]{32}", source), "something secret-shaped in the page"
