package dev.weblog.common.generator;

/**
 * One world the lines come from: the behaviour tables, how often each device visits, and the samplers that draw
 * from them. The history and the live lines share one; a {@link Drift} gives the live lines a second from its line
 * on.
 */
final class World {

  final BehaviourModel model;
  final Population population;
  final AliasSampler visitors;
  /** P(category | gender, age), [gender][age]. */
  final AliasSampler[][] categories;
  /** P(connect | device, age), [device][age]. */
  final AliasSampler[][] connections;
  private BayesOptimal bayes;

  World(BehaviourModel model, Population population) {
    this.model = model;
    this.population = population;
    visitors = new AliasSampler(population.activity);
    categories = new AliasSampler[BehaviourModel.GENDERS][model.ages];
    for (int g = 0; g < BehaviourModel.GENDERS; g++) {
      for (int a = 0; a < model.ages; a++) {
        categories[g][a] = new AliasSampler(model.categoryGiven[g][a]);
      }
    }
    connections = new AliasSampler[BehaviourModel.DEVICE_TYPES][model.ages];
    for (int d = 0; d < BehaviourModel.DEVICE_TYPES; d++) {
      for (int a = 0; a < model.ages; a++) {
        connections[d][a] = new AliasSampler(model.connectGiven[d][a]);
      }
    }
  }

  /** Computed on first use: a generator that only writes lines never pays for it. */
  synchronized BayesOptimal bayes() {
    if (bayes == null) {
      bayes = new BayesOptimal(population, model);
    }
    return bayes;
  }
}
