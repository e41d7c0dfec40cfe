/// Names for temporary folders, made only of the letters g to z. A folder's name shows up in
/// messages and logs that tests check for a card's or PIN's digits and for another caller's
/// account: a UUID's hex once held "AC1", and a check that a message named no other account failed.
public enum TemporaryName {
    public static func random() -> String {
        String((0..<24).map { _ in "ghjkmnpqrstvwxyz".randomElement()! })
    }
}
