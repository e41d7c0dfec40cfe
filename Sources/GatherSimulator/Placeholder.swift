/// Placeholder until the simulator lands.
enum GatherSimulatorPlaceholder {}
