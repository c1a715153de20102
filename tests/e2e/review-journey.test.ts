import { describe, expect, it } from "vitest";
import { SAMPLE_SHOTS } from "@/lib/samples/sample-storyboard";
import { openSampleStoryboard, selectShot } from "../support/board-page";
import { screenshot, VIEWPORTS, watchPage } from "../support/browser";
import { startAppAndBrowserForFile } from "../support/app-and-browser";

/**
 * A review from both sides, in two browser contexts of one Chromium: the author (signed in with
 * the app's access token, on a laptop) shares the board; a reviewer (a phone, no token, only the
 * link) comments and approves; the author sees both, replies, resolves and publishes again; the
 * reviewer sees version 2.
 */
const ACCESS_TOKEN = "review-journey-team-token";
const harness = startAppAndBrowserForFile({ APP_ACCESS_TOKEN: ACCESS_TOKEN });

describe("a review link, author and reviewer", () => {
  it("publishes, collects a comment and an approval from a phone, answers them, and publishes version 2", async () => {
    const { app, browser } = harness;
    const authorContext = await browser.newContext({ viewport: VIEWPORTS.laptop });
    const reviewerContext = await browser.newContext({ viewport: VIEWPORTS.phone, hasTouch: true, isMobile: true });
    try {
      // The author signs in and shares the sample board.
      const author = await authorContext.newPage();
      const authorWatch = watchPage(author);
      await author.goto(app.url);
      await author.getByLabel("Access token").fill(ACCESS_TOKEN);
      await author.getByRole("button", { name: "Sign in" }).click();
      await openSampleStoryboard(author, app.url);
      await author.getByRole("button", { name: "Share for review" }).click();
      const dialog = author.getByTestId("share-dialog");
      await dialog.getByRole("button", { name: "Publish", exact: true }).click();
      const link = dialog.getByTestId("share-link");
      await link.waitFor({ timeout: 30_000 });
      const url = await link.inputValue();
      expect(await dialog.getByTestId("share-version").innerText()).toMatch(/^Version 1 published/);
      await dialog.getByRole("button", { name: "Close sharing" }).click();

      // The reviewer opens the link on a phone: no cookie, no token.
      const reviewer = await reviewerContext.newPage();
      const reviewerWatch = watchPage(reviewer);
      await reviewer.goto(url);
      await reviewer.getByRole("heading", { level: 1 }).waitFor();
      expect((await reviewerContext.cookies()).length).toBe(0);
      const shot1 = reviewer.getByRole("article", { name: "Shot 1", exact: true });
      expect(await shot1.innerText()).toContain(SAMPLE_SHOTS[0]!.caption);
      await shot1.getByRole("button", { name: "Comment" }).click();
      await shot1.getByRole("textbox", { name: "Comment on shot 1" }).fill("Push in closer on Ferris here.");
      await shot1.getByRole("button", { name: "Post comment" }).click();
      const nameDialog = reviewer.getByRole("dialog", { name: "Your name" });
      await nameDialog.getByRole("textbox", { name: "Name" }).fill("Ines");
      await nameDialog.getByRole("button", { name: "Continue" }).click();
      await shot1.getByTestId("comment").filter({ hasText: "Push in closer on Ferris here." }).waitFor();
      await reviewer.getByRole("article", { name: "Shot 2", exact: true }).getByRole("button", { name: "Approve", exact: true }).click();
      await expect.poll(() => reviewer.getByRole("article", { name: "Shot 2", exact: true }).getByRole("button", { name: "Approve", exact: true }).getAttribute("aria-pressed")).toBe("true");
      await screenshot(reviewer, "review-journey-reviewer-phone");

      // The author sees both without reloading, replies and resolves.
      await author.getByRole("button", { name: "Reviews, 1 new comment" }).waitFor({ timeout: 15_000 });
      await author.locator('[data-testid="panel-card"]').first().getByRole("img", { name: "1 open review comment" }).waitFor();
      await author.getByRole("button", { name: /^Reviews/ }).click();
      const sheet = author.getByRole("dialog", { name: "Reviews" });
      const card = sheet.getByTestId("share-card");
      await expect.poll(() => card.innerText()).toMatch(/Shot 2\s+✓ 1 approved \(Ines\)/);
      await card.getByRole("button", { name: "Open 1 comment" }).click();
      const thread = sheet.getByRole("region", { name: "Shot 1" }).getByTestId("review-thread").first();
      await thread.getByText("Push in closer on Ferris here.").waitFor();
      await thread.getByRole("button", { name: "Reply" }).click();
      await sheet.getByLabel("Your name on replies").fill("Sam");
      await sheet.getByRole("button", { name: "Save" }).click();
      await thread.getByRole("textbox", { name: "Reply to Ines" }).fill("Done in version 2.");
      await thread.getByRole("button", { name: "Send reply" }).click();
      await thread.getByText("Done in version 2.").waitFor();
      await thread.getByRole("button", { name: "Resolve" }).click();
      await author.locator('[data-testid="panel-card"] [data-testid="review-badge"]').first().waitFor({ state: "detached" });
      await screenshot(author, "review-journey-author-threads");
      await sheet.getByRole("button", { name: "Close reviews" }).click();

      // The author changes shot 1's caption and publishes version 2 to the same link.
      await selectShot(author, 1);
      await author.getByLabel("Action / caption").fill("Closer on Ferris as the gate opens");
      await author.getByRole("button", { name: "Share for review" }).click();
      await dialog.getByRole("radio", { name: "Publish version 2 to the same link" }).waitFor();
      await dialog.getByRole("button", { name: "Publish", exact: true }).click();
      await expect.poll(() => dialog.getByTestId("share-version").innerText(), { timeout: 30_000 }).toMatch(/^Version 2 published/);
      expect(await dialog.getByTestId("share-link").inputValue()).toBe(url);

      // The reviewer's open page learns of version 2 and shows it, with the author's answer kept on version 1.
      await reviewer.evaluate(() => document.dispatchEvent(new Event("visibilitychange")));
      await reviewer.getByTestId("older-version").waitFor({ timeout: 15_000 });
      expect(await shot1.getByTestId("reply").innerText()).toMatch(/Sam\s*Author[\s\S]*Done in version 2\./);
      await reviewer.getByRole("link", { name: "See version 2" }).click();
      await reviewer.getByTestId("older-version").waitFor({ state: "detached" });
      await expect.poll(() => shot1.innerText()).toContain("Closer on Ferris as the gate opens");
      await screenshot(reviewer, "review-journey-reviewer-version-2");
      expect(reviewerWatch.errors).toEqual([]);
      expect(authorWatch.errors).toEqual([]);
    } finally {
      await authorContext.close();
      await reviewerContext.close();
    }
  });
});
