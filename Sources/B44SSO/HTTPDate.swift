/// Parses the HTTP date formats of RFC 9110 section 5.6.7 (IMF-fixdate, RFC 850, asctime)
/// into seconds since the Unix epoch, without Foundation or the C library's locale.
enum HTTPDate {
    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    static func secondsSinceEpoch(_ text: String) -> Int? {
        // Split on spaces, commas and dashes: "Sun, 06 Nov 1994 08:49:37 GMT",
        // "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994".
        let fields = text.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "-" }).map(String.init)
        guard fields.count >= 5 else { return nil }
        var day: Int?, month: Int?, year: Int?, time: (Int, Int, Int)?
        for field in fields.dropFirst() {
            if let parsed = parseTime(field) {
                time = parsed
            } else if let index = months.firstIndex(of: field.lowercased()) {
                month = index + 1
            } else if let number = Int(field), field.allSatisfy(\.isASCII) {
                // The day always comes before the year, whatever the format.
                if day == nil {
                    day = number
                } else {
                    year = field.count == 2 ? (number < 70 ? 2000 + number : 1900 + number) : number
                }
            } else if field != "GMT" {
                return nil
            }
        }
        guard let day, let month, let year, let (hour, minute, second) = time,
            (1...31).contains(day), (1970...9999).contains(year),
            hour < 24, minute < 60, second < 61
        else { return nil }
        return daysFromCivil(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second
    }

    private static func parseTime(_ field: String) -> (Int, Int, Int)? {
        let parts = field.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3, let h = Int(parts[0]), let m = Int(parts[1]), let s = Int(parts[2]),
            h >= 0, m >= 0, s >= 0
        else { return nil }
        return (h, m, s)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
