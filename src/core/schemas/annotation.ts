import { z } from 'zod';
import { DateSchema, SlugSchema } from './common.ts';

/** A policy or rule change, shown as a marker on a program's charts with a before/after comparison. */
export const AnnotationSchema = z.strictObject({
  /** The day it took effect, e.g. `2026-03-02`. */
  date: DateSchema,
  /** The program it concerns, e.g. `cms-eligibility`. */
  program: SlugSchema,
  /** Short title, e.g. `Automated income verification`. */
  title: z.string().min(1).max(200),
  /** What changed, in plain language. */
  description: z.string().max(2000).default(''),
});
export type Annotation = z.output<typeof AnnotationSchema>;

/** `data/annotations.yaml`. */
export const AnnotationsFileSchema = z.strictObject({
  /** Format version, `1`. */
  version: z.literal(1),
  annotations: z.array(AnnotationSchema).default([]),
});
