/// The words of Arabic news conventions that discovery and role extraction key on, folded into one table.
///
/// These are rules of the language, not actors: titles and role nouns that precede a name, reporting verbs,
/// heads of organisation and place names, and the stop words that keep «قال مسؤول» or «أكد البيان» from being
/// read as names.
package struct DiscoveryLexicon: Sendable {
    package struct WordClass: OptionSet, Sendable {
        package let rawValue: UInt16
        package init(rawValue: UInt16) { self.rawValue = rawValue }
        /// A title written straight before a name: السفير، العميد، الشيخ.
        package static let title = WordClass(rawValue: 1 << 0)
        /// A noun that opens a role phrase: رئيس، وزير، المتحدث، مساعد.
        package static let roleHead = WordClass(rawValue: 1 << 1)
        /// A word that may sit inside a role phrase: باسم، لشؤون، حكومة.
        package static let roleWord = WordClass(rawValue: 1 << 2)
        /// A reporting verb: قال، أكد، أعلن.
        package static let verb = WordClass(rawValue: 1 << 3)
        /// Never part of a name.
        package static let stop = WordClass(rawValue: 1 << 4)
        /// Heads an organisation name: وزارة، حركة، كتائب.
        package static let organizationHead = WordClass(rawValue: 1 << 5)
        /// Heads a place name: محافظة، مطار، قاعدة.
        package static let placeHead = WordClass(rawValue: 1 << 6)
        /// Joins a compound name: عبد، أبو، بن.
        package static let connector = WordClass(rawValue: 1 << 7)
        /// Follows a name to introduce speech: أن، إن.
        package static let speech = WordClass(rawValue: 1 << 8)
        /// A complement too generic to make an organisation or place a name of its own: الخارجية، الدفاع.
        package static let generic = WordClass(rawValue: 1 << 9)
        /// Heads a media outlet's name: قناة، صحيفة، وكالة.
        package static let mediaHead = WordClass(rawValue: 1 << 10)
        /// A stop word only when written with ى: «على» (on) folds like the name «علي».
        package static let stopWithMaqsura = WordClass(rawValue: 1 << 11)
    }

    private let table: FoldedWordTable<WordClass>
    /// The place heads that name a settlement or an area rather than a facility: a place after one is named
    /// without it («مدينة كييف» is the city كييف, as ANERcorp writes it), where a facility keeps its head
    /// («مطار بغداد الدولي», «حقل كورمور»). Kept apart from ``WordClass`` because the tagger's features read the classes.
    private let areaHeads: FoldedWordTable<Bool>

    package init() {
        var classes: [[UInt16]: WordClass] = [:]
        func add(_ words: String, _ c: WordClass) {
            for word in words.split(separator: " ") {
                classes[FoldedWordTable<WordClass>.units(String(word)), default: []].insert(c)
            }
        }
        add("""
            الرئيس الرئيسة العميد اللواء الفريق العقيد المقدم الرائد النقيب الجنرال الأدميرال المشير الشيخ السيد السيدة \
            السفير السفيرة القيادي القيادية الوزير الوزيرة النائب النائبة المتحدث المتحدثة الناطق الناطقة القائد \
            الزعيم المستشار المستشارة المبعوث المبعوثة الدكتور الدكتورة القاضي السيناتور السناتور الملك الأمير \
            المرشد الإمام المرجع الحاخام البابا المطران الصحفي الصحفية الكاتب الكاتبة الباحث الباحثة المحلل الخبير \
            الأمين
            """, [.title, .roleHead])
        add("""
            رئيس رئيسة وزير وزيرة متحدث متحدثة المتحدث الناطق سفير سفيرة قائد قائدة مساعد مساعدة نائب نائبة أمين \
            مدير مديرة زعيم مستشار مستشارة مبعوث مبعوثة ممثل ممثلة مسؤول عضو قيادي منسق رئيسا وزيرا مسؤولة
            """, .roleHead)
        add("""
            باسم في لشؤون للشؤون شؤون العام السابق الحالي الأسبق الجديد المكلف حكومة وزارة إقليم مجلس هيئة قوات \
            الوزراء الخارجية الدفاع الداخلية المالية الأمن العامة الأعلى الأول لدى
            """, .roleWord)
        add("""
            قال قالت أكد أكدت أعلن أعلنت أضاف أضافت هدد هددت أوضح أوضحت صرح صرحت ذكر ذكرت أشار أشارت أفاد أفادت \
            تابع تابعت وصف وصفت دعا دعت شدد شددت لفت لفتت كشف كشفت طالب طالبت اعتبر اعتبرت رأى نفى نفت حذر حذرت \
            أبلغ أبلغت يقول تقول يرى قالا أكدا
            """, .verb)
        add("""
            في من إلى الى عن مع أن إن ان أنه إنه أنها إنها بأن لأن حتى ثم أو أم لا لم لن ما ماذا قد كان كانت \
            يكون هذا هذه ذلك تلك هؤلاء الذي التي الذين اللذين اللتين عند بعد قبل خلال بين حول ضد دون منذ نحو عبر \
            لدى وفق وفقا حسب بحسب أيضا كما لكن بل إذ إذا هو هي هم هن نحن أنا كل بعض غير أي جميع يوم أمس اليوم غدا \
            الأحد الاثنين الثلاثاء الأربعاء الخميس الجمعة السبت يناير فبراير مارس أبريل مايو يونيو يوليو أغسطس \
            سبتمبر أكتوبر نوفمبر ديسمبر كانون شباط آذار نيسان أيار حزيران تموز آب أيلول تشرين \
            إحدى أحد مسؤول مسؤولون مسؤولين مسؤولة مصدر مصادر بيان البيان تقرير التقرير متحدث مصدرا واحد اثنان ثلاثة أربعة \
            خمسة ستة سبعة ثمانية تسعة عشرة عدد عدة إنه مكتب وكالة صحيفة قناة موقع المسؤول المصدر الموقع الحكومة \
            خطاب كلمة تصريح تصريحات تغريدة مقابلة لقاء اتصال حديث مؤتمر اجتماع زيارة رسالة إفادة جلسة \
            أمريكي أميركي عراقي إيراني عربي غربي كبير رفيع بارز سابق جديد آخر أخرى ثالث ثاني أول مسلح مسلحة \
            شهود شاهد عيان سكان وسائل فريق مسؤولو مسؤولي ضابط مراسل مواطنون ناشطون نشطاء مراقبون محللون خبراء \
            أطباء عمال طلاب متظاهرون أهالي ذوو عناصر قوات جنود مقاتلو مقاتلون أعضاء نواب \
            المجاور المجاورة القريب القريبة المحاذي المحاذية المقبل المقبلة الماضي الماضية \
            الأميركي الأمريكي العراقي الإيراني العربي أمني أمنية عسكري عسكرية سياسي سياسية الأمنية الأمني
            """, .stop)
        add("على", .stopWithMaqsura)
        add("عبد أبو ابو بن ابن أبي أم", .connector)
        add("أن إن ان أنه إنه أنها إنها بأن", .speech)
        add("""
            وزارة حركة كتائب هيئة تنظيم وكالة صحيفة قناة مجلس لجنة جبهة حزب تحالف ائتلاف منظمة جماعة ميليشيا \
            فصيل لواء شبكة جامعة شركة مؤسسة جهاز خلية قيادة مفوضية مديرية دائرة محكمة
            """, .organizationHead)
        add("قناة صحيفة وكالة شبكة موقع إذاعة مجلة", [.organizationHead, .mediaHead])
        add("محافظة إقليم مدينة قاعدة مطار منطقة بلدة قرية ناحية قضاء مخيم معبر ميناء حي حقل سد جسر", .placeHead)
        add("""
            الخارجية الدفاع الداخلية المالية الأمن الوزراء النواب الحكومة المحافظة الدولة العسكرية العليا \
            الأمنية المشتركة الوطني الوطنية الإعلام الصحة التربية النفط العدل الإسلامية الشعبية \
            الشرق الغرب الشمال الجنوب الوسط العاصمة المدينة الخضراء الحدودية صواريخ عسكرية جوية المنطقة
            """, .generic)
        table = FoldedWordTable(classes.map { ($0.key, $0.value) })
        areaHeads = FoldedWordTable("محافظة إقليم مدينة منطقة بلدة قرية ناحية قضاء مخيم حي".split(separator: " ").map {
            (FoldedWordTable<Bool>.units(String($0)), true)
        })
    }

    /// Whether exactly `units[start..<end]` is a place head of a settlement or area (مدينة، قرية، منطقة…).
    package func isAreaHead(_ units: UnsafeBufferPointer<UInt16>, _ start: Int, _ end: Int) -> Bool {
        areaHeads.value(units, start, end) ?? false
    }

    /// The classes of exactly `units[start..<end]`.
    package func wholeWordClasses(_ units: UnsafeBufferPointer<UInt16>, _ start: Int, _ end: Int) -> WordClass {
        table.value(units, start, end) ?? []
    }

    /// The classes of `units[start..<end]`, or else of its stem after one or two proclitics («ورئيس», «لحركة»),
    /// looked up through the suffix hashes the matcher already computed (see ``TokenHash/suffixHashes``).
    @inline(__always)
    package func classes(_ units: UnsafeBufferPointer<UInt16>, _ start: Int, _ end: Int,
                         suffixHashes: UnsafePointer<UInt64>) -> WordClass {
        if let c = table.value(hash: suffixHashes[0], units, start, end) { return c }
        var i = start
        for k in 1...2 where end - i > 3 {
            let u = units[i]
            guard u == Proclitics.waw || u == Proclitics.fa || u == Proclitics.ba || u == Proclitics.lam
                || u == Proclitics.kaf else { break }
            i += 1
            if let c = table.value(hash: suffixHashes[k], units, i, end) { return c }
        }
        return []
    }
}
