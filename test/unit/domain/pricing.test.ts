import { describe, expect, it } from 'vitest';
import { priceRegistration } from '#domain/pricing.ts';
import { courseVariant, seedCourse } from '../../support/fixtures.ts';

describe('registration price', () => {
  const course = seedCourse();

  it('charges 12.200 kr. for a library with 3 participants (the flyer example)', () => {
    const price = priceRegistration(course, 3);
    expect(price).toMatchObject({ packages: 1, packageFee: 995000, catering: 225000, subtotal: 1220000 });
    expect(price.total).toBe(1220000);
  });

  it('charges 13.700 kr. for 5 participants, still one package', () => {
    expect(priceRegistration(course, 5)).toMatchObject({ packages: 1, total: 1370000 });
  });

  it('is VAT-exempt by default for the seed course', () => {
    expect(priceRegistration(course, 1)).toMatchObject({ vatRate: 0, vat: 0, total: 1070000 });
  });

  it('starts a second package at the sixth participant when a course allows that many', () => {
    expect(priceRegistration(course, 6)).toMatchObject({
      packages: 2,
      packageFee: 1990000,
      catering: 450000,
    });
  });

  it('adds VAT per line when the course definition makes the lines taxable', () => {
    const taxed = courseVariant('taxed', {
      pricing: {
        ...course.pricing,
        package: { ...course.pricing.package, vat: { rate: 0.25 } },
        cateringPerParticipant: { ...course.pricing.cateringPerParticipant, vat: { rate: 0.25 } },
      },
    });
    expect(priceRegistration(taxed, 1)).toMatchObject({
      subtotal: 1070000,
      vatRate: 0.25,
      vat: 267500,
      total: 1337500,
    });
  });

  it('reports no single VAT rate when lines are taxed differently', () => {
    const mixed = courseVariant('mixed', {
      pricing: {
        ...course.pricing,
        cateringPerParticipant: { ...course.pricing.cateringPerParticipant, vat: { rate: 0.25 } },
      },
    });
    expect(priceRegistration(mixed, 2)).toMatchObject({
      vatRate: null,
      vat: 37500,
      total: 995000 + 150000 + 37500,
    });
  });
});
