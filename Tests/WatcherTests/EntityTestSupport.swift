import Foundation
import Watcher

/// A small gazetteer written for the tests, so they do not depend on the shipped data's exact contents.
enum EntityTestSupport {
    static let gazetteerYAML = """
        - id: iraq
          type: location
          subtype: country
          name: العراق
          name_en: Iraq
          nationality: [عراقي]
        - id: iran
          type: location
          subtype: country
          name: إيران
          name_en: Iran
          nationality: [إيراني]
        - id: united-states
          type: location
          subtype: country
          name: الولايات المتحدة
          name_en: United States
          variants: [أميركا, أمريكا]
          nationality: [أميركي, أمريكي]
        - id: israel
          type: location
          subtype: country
          name: إسرائيل
          name_en: Israel
          nationality: [إسرائيلي]
        - id: sudan
          type: location
          subtype: country
          name: السودان
          name_en: Sudan
          nationality: [سوداني]
        - id: lebanon
          type: location
          subtype: country
          name: لبنان
          name_en: Lebanon
        - id: palestine
          type: location
          subtype: country
          name: فلسطين
          name_en: Palestine
        - id: washington
          type: location
          subtype: city
          name: واشنطن
          name_en: Washington
          country: united-states
        - id: baghdad
          type: location
          subtype: city
          name: بغداد
          name_en: Baghdad
          country: iraq
        - id: kirkuk
          type: location
          subtype: city
          name: كركوك
          name_en: Kirkuk
          country: iraq
        - id: jerusalem
          type: location
          subtype: city
          name: القدس
          name_en: Jerusalem
        - id: pentagon
          type: organization
          subtype: ministry
          name: البنتاغون
          name_en: Pentagon
          country: united-states
        - id: white-house
          type: organization
          subtype: government
          name: البيت الأبيض
          name_en: White House
          country: united-states
        - id: hezbollah
          type: organization
          subtype: armed_group
          name: حزب الله
          name_en: Hezbollah
          country: lebanon
        - id: kataib-hezbollah
          type: organization
          subtype: armed_group
          name: كتائب حزب الله
          name_en: Kata'ib Hezbollah
          parent: pmf
          country: iraq
        - id: pmf
          type: organization
          subtype: armed_group
          name: الحشد الشعبي
          name_en: Popular Mobilization Forces
          country: iraq
        - id: quds-force
          type: organization
          subtype: military
          name: فيلق القدس
          name_en: Quds Force
          country: iran
        - id: washington-post
          type: media
          subtype: newspaper
          name: واشنطن بوست
          name_en: The Washington Post
        - id: mustafa-al-kadhimi
          type: person
          subtype: head_of_government
          name: مصطفى الكاظمي
          name_en: Mustafa al-Kadhimi
          country: iraq
        - id: mohammed-shia-al-sudani
          type: person
          subtype: head_of_government
          name: محمد شياع السوداني
          name_en: Mohammed Shia al-Sudani
          country: iraq
        - id: donald-trump
          type: person
          subtype: head_of_state
          name: دونالد ترمب
          name_en: Donald Trump
          variants: [دونالد ترامب]
          short: [ترمب, ترامب]
          country: united-states
        - id: abu-mahdi-al-muhandis
          type: person
          subtype: militia_leader
          name: أبو مهدي المهندس
          name_en: Abu Mahdi al-Muhandis
          variants: [أبومهدي المهندس]
          country: iraq
        """

    static let gazetteer: Gazetteer = try! Gazetteer(sources: [(gazetteerYAML, "test.yaml")])
    static let recognizer = EntityRecognizer(gazetteer: gazetteer)

    /// The ids recognised in `text`, in order of first mention.
    static func ids(_ text: String) -> [String] {
        recognizer.recognize(text).map(\.id)
    }

    /// The entity with `id` recognised in `text`.
    static func entity(_ id: String, in text: String) -> Entity? {
        recognizer.recognize(text).first { $0.id == id }
    }

    /// The package root, for fixtures.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
}
