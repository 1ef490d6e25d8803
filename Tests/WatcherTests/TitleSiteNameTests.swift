import Testing
import Watcher

/// A site's name is cut from either end of a page title when the page shows it is the site's name, and a real
/// title is never cut (issue 17). Pages and names are composed here.
@Suite struct TitleSiteNameTests {
    static let body = "<p>أعلنت وزارة المالية، مساء الأحد، أن البرلمان أقر الموازنة العامة للعام المقبل بأغلبية كبيرة.</p>"
        + "<p>وقال الوزير، في مؤتمر صحفي، إن الموازنة تخفض العجز وتزيد الإنفاق على الصحة والتعليم.</p>"

    /// A page with the given `<head>` content and an optional `<h1>`.
    static func page(_ head: String, h1: String? = nil) -> String {
        "<html><head>\(head)</head><body>" + (h1.map { "<h1>\($0)</h1>" } ?? "") + body + "</body></html>"
    }

    static func og(_ title: String) -> String { "<meta property=\"og:title\" content=\"\(title)\">" }
    static func meta(_ name: String, _ content: String) -> String { "<meta name=\"\(name)\" content=\"\(content)\">" }
    static func canonical(_ url: String) -> String { "<link rel=\"canonical\" href=\"\(url)\">" }

    static let headline = "البرلمان يقر الموازنة الجديدة"

    @Test(arguments: [
        // og:site_name, with or without a generic word («صحيفة»), at the end or at the start.
        (og(headline + " - صحيفة المرصد") + "<meta property=\"og:site_name\" content=\"المرصد\">", nil, headline),
        (og("صحيفة المرصد | " + headline) + "<meta property=\"og:site_name\" content=\"صحيفة المرصد\">", nil, headline),
        // application-name and twitter:site.
        (og(headline + " | أنباء الساحل") + meta("application-name", "أنباء الساحل"), nil, headline),
        (og(headline + " — ScoopNet") + meta("twitter:site", "@scoopnet"), nil, headline),
        // The host's brand: Latin letters, and an Arabic name whose consonants are the brand's.
        (og(headline + " - Alwatan News") + canonical("https://www.alwatannews.net/a/1"), nil, headline),
        (og(headline + " - الوطن نيوز") + canonical("https://www.alwatannews.net/a/1"), nil, headline),
        (og("الوطن نيوز - " + headline) + canonical("https://m.alwatannews.net/a/1"), nil, headline),
        (og(headline + " | البيادر") + canonical("https://albayader.ps/news/7"), nil, headline),
        (og(headline + " :: NewsNet Arabic") + canonical("https://arabic.newsnet.com/x"), nil, headline),
        // An outlet of the tables.
        (og(headline + " - الجزيرة نت"), nil, headline),
        // What stays is the page's <h1>.
        (og(headline + " | منبر الخليج"), headline, headline),
        (og("منبر الخليج » " + headline), headline, headline),
        // The segment shared by the page's titles, which otherwise differ.
        ("<title>البرلمان يقر الموازنة الجديدة بعد جلسة طويلة | منبر الخليج</title>" + og(headline + " | منبر الخليج"), nil, headline),
        ("<title>منبر الخليج - البرلمان يقر الموازنة الجديدة بعد جلسة طويلة</title>" + og("منبر الخليج - " + headline), nil, headline),
        // A name at each end.
        (og("المرصد | " + headline + " - المرصد") + "<meta property=\"og:site_name\" content=\"المرصد\">", nil, headline),
    ] as [(String, String?, String)])
    func siteNameIsCut(head: String, h1: String?, title: String) throws {
        let parsed = try Fixtures.parse(Array(Self.page(head, h1: h1).utf8), format: .html)
        #expect(parsed.article.title == title)
    }

    @Test(arguments: [
        // A dash inside the headline, no site name anywhere.
        (og("مصر - السودان: اتفاق جديد على المياه"), "عنوان آخر", "مصر - السودان: اتفاق جديد على المياه"),
        // The site's name is known, but the title does not carry it.
        (og("مصر - السودان: اتفاق جديد") + "<meta property=\"og:site_name\" content=\"المرصد\">", nil, "مصر - السودان: اتفاق جديد"),
        // Two titles share the first segment, but the <h1> holds it: it is the title's own.
        ("<title>مصر - السودان: اتفاق جديد على المياه</title>" + og("مصر - السودان: اتفاق جديد"), "مصر - السودان: اتفاق جديد",
         "مصر - السودان: اتفاق جديد"),
        // Cutting would leave one word.
        (og("عاجل | المرصد") + "<meta property=\"og:site_name\" content=\"المرصد\">", nil, "عاجل | المرصد"),
        // A brand that is not the segment: consonants differ.
        (og(headline + " - الوطن العربي") + canonical("https://www.alwatannews.net/a/1"), nil, headline + " - الوطن العربي"),
        // A Latin segment that is not the host's brand.
        (og("إطلاق هاتف جديد - iPhone 16") + canonical("https://www.alwatannews.net/a/1"), nil, "إطلاق هاتف جديد - iPhone 16"),
        // A logo <h1> that is the site's name, known or not: the headline is never cut in its favour.
        (og("منبر الخليج | " + headline) + "<meta property=\"og:site_name\" content=\"منبر الخليج\">", "منبر الخليج", headline),
        (og("منبر الخليج | " + headline), "منبر الخليج", "منبر الخليج | " + headline),
        (og(headline + " - منبر الخليج"), "منبر الخليج", headline + " - منبر الخليج"),
        // The same title everywhere: nothing shows the tail is a name.
        ("<title>\(headline) - رأي الكاتب</title>" + og(headline + " - رأي الكاتب"), nil, headline + " - رأي الكاتب"),
    ] as [(String, String?, String)])
    func realTitleIsKept(head: String, h1: String?, title: String) throws {
        let parsed = try Fixtures.parse(Array(Self.page(head, h1: h1).utf8), format: .html)
        #expect(parsed.article.title == title)
    }

    @Test func entitiesInTheTitleAndSiteNameAreDecodedBeforeComparing() throws {
        let head = Self.og("البرلمان يقر &quot;الموازنة&quot; الجديدة &amp;#8211; المرصد") + "<meta property=\"og:site_name\" content=\"المرصد\">"
        let parsed = try Fixtures.parse(Array(Self.page(head).utf8), format: .html)
        #expect(parsed.article.title == "البرلمان يقر \"الموازنة\" الجديدة")
    }
}
