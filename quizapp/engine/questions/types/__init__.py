"""One module per question type; `quizapp.engine.questions` imports them in the registry's order."""
