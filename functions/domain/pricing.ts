import type { Course } from './course.ts';
import { type Ore, vatOf } from './money.ts';

export interface PriceBreakdown {
  currency: 'DKK';
  packages: number;
  participants: number;
  packageFee: Ore;
  catering: Ore;
  subtotal: Ore;
  /** The rate shared by every line; null if the course's lines carry different rates. */
  vatRate: number | null;
  vat: Ore;
  total: Ore;
}

/**
 * One package covers up to `participantsPerPackage` participants (book included); catering is per head.
 * VAT is computed per line, because the course defines rate and exemption per line.
 * Only the price lines are needed, so the signup form runs this same function on the public course view.
 */
export function priceRegistration(course: Pick<Course, 'pricing'>, participants: number): PriceBreakdown {
  if (!Number.isInteger(participants) || participants < 1) {
    throw new RangeError(`participants must be a positive integer, got ${participants}`);
  }
  const { package: pkg, cateringPerParticipant, participantsPerPackage } = course.pricing;
  const packages = Math.ceil(participants / participantsPerPackage);
  const packageFee = packages * pkg.unitPrice;
  const catering = participants * cateringPerParticipant.unitPrice;
  const subtotal = packageFee + catering;
  const vat = vatOf(packageFee, pkg.vat.rate) + vatOf(catering, cateringPerParticipant.vat.rate);
  const vatRate = pkg.vat.rate === cateringPerParticipant.vat.rate ? pkg.vat.rate : null;
  return {
    currency: 'DKK',
    packages,
    participants,
    packageFee,
    catering,
    subtotal,
    vatRate,
    vat,
    total: subtotal + vat,
  };
}
