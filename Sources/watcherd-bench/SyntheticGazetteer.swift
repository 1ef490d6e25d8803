/// A large gazetteer of made-up people, to measure memory and start-up with 10,000 actors.
enum SyntheticGazetteer {
    static let given = ["أحمد", "محمد", "علي", "حسين", "كريم", "سالم", "ياسر", "فاضل", "نبيل", "رعد", "هادي", "منير", "جواد", "صباح", "عادل", "ماجد", "وليد", "طارق", "زياد", "باسم"]
    static let family = ["الجنابي", "الدليمي", "الساعدي", "الموسوي", "الحسيني", "الربيعي", "الشمري", "العبيدي", "الكعبي", "الزبيدي",
                         "العزاوي", "التميمي", "الخفاجي", "البياتي", "النعيمي", "الحلفي", "اللامي", "المالكي", "الجبوري", "العكيلي"]
    static let middle = ["عبد", "أبو", "ابن"]

    static func yaml(count: Int) -> String {
        var out = "# Generated for the benchmark: \(count) fictional people.\n"
        var n = 0
        outer: for m in middle {
            for g in given {
                for f in family {
                    for g2 in given {
                        if n >= count { break outer }
                        out += "- id: synthetic-\(n)\n  type: person\n  subtype: official\n  name: \(g) \(m) \(g2) \(f)\n  name_en: Synthetic \(n)\n"
                        n += 1
                    }
                }
            }
        }
        return out
    }
}
