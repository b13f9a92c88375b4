// Every migration in order, for the e2e template database (jest cannot load the CLI's glob).
import { Foundation1764000000000 } from './1764000000000-Foundation';

export const ALL_MIGRATIONS = [Foundation1764000000000];
