package org.countersight.api;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Headless Chromium from the Debian packages {@code chromium} and {@code chromium-driver}, driven by Selenium.
 * Never downloads a browser or driver: both paths are set explicitly and Selenium Manager is told to stay offline.
 * Where either binary is missing, {@link #start} skips the calling test (JUnit assumption) with the reason.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of(System.getProperty("dashboard.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("dashboard.chromedriver", "/usr/bin/chromedriver"));
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Skips (never fails) the test when Chromium or chromedriver is not installed. */
    static void assumeInstalled() {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!installed) {
            String why = "SKIPPED dashboard browser test: needs " + CHROMIUM + " and " + CHROMEDRIVER
                    + " (Debian: apt-get install -y chromium chromium-driver); found chromium="
                    + Files.isExecutable(CHROMIUM) + ", chromedriver=" + Files.isExecutable(CHROMEDRIVER);
            System.out.println(why);
            Assumptions.abort(why);
        }
    }

    static Browser start(int width, int height) {
        return start(width, height, false);
    }

    /** A phone: Chrome's device emulation (headless windows cannot be narrower than 500 px). */
    static Browser phone(int width, int height) {
        return start(width, height, true);
    }

    private static Browser start(int width, int height, boolean mobile) {
        assumeInstalled();
        // Selenium Manager must not go online to fetch browsers or drivers.
        System.setProperty("SE_OFFLINE", "true");
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        Path profile;
        try {
            profile = Files.createTempDirectory("countersight-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--window-size=" + width + "," + height, "--lang=en-GB",
                "--force-prefers-reduced-motion");
        if (mobile) {
            options.setExperimentalOption("mobileEmulation", java.util.Map.of("deviceMetrics",
                    java.util.Map.of("width", width, "height", height, "pixelRatio", 1.0, "touch", true)));
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        return new Browser(driver, profile);
    }

    /** Saves a PNG of the viewport under target/screenshots/ and returns its path. */
    Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            File tmp = driver.getScreenshotAs(OutputType.FILE);
            Path to = SCREENSHOTS.resolve(name + ".png");
            Files.copy(tmp.toPath(), to, StandardCopyOption.REPLACE_EXISTING);
            return to;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The whole page, not just the viewport (Chrome DevTools full-page capture). */
    Path fullPageScreenshot(String name, int width) {
        Object height = driver.executeScript("return Math.ceil(document.documentElement.scrollHeight)");
        int h = Math.min(4000, Math.max(600, ((Number) height).intValue()));
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(width, h));
        return screenshot(name);
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temp folder left behind is harmless
            }
        }
    }
}
