import { DomainError, ValidationError } from '#domain/errors.ts';
import { priceRegistration } from '#domain/pricing.ts';
import { parseRegistration, type RegistrationInput } from '#domain/registration.ts';
import { type CourseView, fetchCourse, submitRegistration } from './api.ts';
import { courseFacts, seatsWarning, signupNotice } from './course-view.ts';
import { byId, h } from './dom.ts';
import { packageLabel, priceSentence, priceTable } from './price-view.ts';
import { receiptView } from './receipt-view.ts';
import { SignupForm } from './signup-form.ts';
import { courseIdFromLocation, loadSiteConfig, type SiteConfig } from './site-config.ts';
import { forget, recall, remember, type SubmissionMemory } from './submission-memory.ts';

const app = byId<HTMLElement>('app');

function showMessage(title: string, text: string): void {
  app.replaceChildren(
    h('div', { class: 'notice closed', role: 'alert' }, h('h1', {}, title), h('p', {}, text)),
  );
}

/** Messages for API refusals whose own text speaks to developers rather than to the person at the form. */
const formMessages: Record<string, string> = {
  IDEMPOTENCY_KEY_REUSED:
    'Formularen er allerede sendt én gang med andre oplysninger. Kontakt koordinatoren, hvis tilmeldingen skal ændres.',
};

class SignupPage {
  private memory: SubmissionMemory;

  constructor(
    private readonly config: SiteConfig,
    private readonly course: CourseView,
  ) {
    this.memory = recall(course.id);
  }

  start(): void {
    const { receipt, pending } = this.memory;
    if (receipt) {
      this.showReceipt(false);
      return;
    }
    const form = this.showForm();
    // A reload while the form was being sent: send the same body under the same key again. The API
    // answers with the first registration if it had arrived, and makes it now if it had not.
    if (form && pending) {
      form.fill(pending as Record<string, unknown>);
      void this.send(form, pending);
    }
  }

  private showForm(): SignupForm | undefined {
    const { course } = this;
    const notice = signupNotice(course);
    if (!course.signupOpen) {
      app.replaceChildren(courseFacts(course), notice ?? '');
      return undefined;
    }
    const estimate = h('div', { class: 'price-estimate' });
    const spoken = h('p', { class: 'visually-hidden', 'aria-live': 'polite' });
    const warning = h('p', { class: 'seats-warning', role: 'status' });
    const priceBox = h(
      'section',
      { class: 'price-box', 'aria-labelledby': 'pris-titel' },
      h('h3', { id: 'pris-titel' }, 'Jeres pris'),
      estimate,
      spoken,
      warning,
    );
    const showPrice = (participants: number) => {
      const price = priceRegistration(course, participants);
      estimate.replaceChildren(priceTable(price, packageLabel(price.packages)));
      spoken.textContent = priceSentence(price);
      warning.textContent = seatsWarning(course, participants);
    };
    const submitLabel = course.seatsLeft === 0 ? 'Tilmeld til venteliste' : 'Send tilmelding';
    const form = new SignupForm(
      course.signup.maxParticipantsPerRegistration,
      submitLabel,
      showPrice,
      priceBox,
    );
    showPrice(form.participants);

    let attempted = false;
    form.element.addEventListener('submit', (event) => {
      event.preventDefault();
      if (this.sending) return;
      attempted = true;
      void this.send(form, form.read());
    });
    // After a refused attempt, fields the person has fixed stop being marked as they leave them.
    form.element.addEventListener('change', () => {
      if (!attempted || this.sending) return;
      form.resolve(problemsOf(form.read(), course));
    });
    app.replaceChildren(courseFacts(course), notice ?? '', form.element);
    return form;
  }

  private sending = false;

  private async send(form: SignupForm, body: unknown): Promise<void> {
    let input: RegistrationInput;
    try {
      input = parseRegistration(body, this.course);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      form.showProblems(error.fields, error.message, true);
      return;
    }
    this.sending = true;
    form.setBusy(true, 'Sender tilmeldingen …');
    const { idempotencyKey } = this.memory;
    this.memory = remember(this.course.id, { idempotencyKey, pending: body });
    const outcome = await submitRegistration(this.config, this.course.id, body, idempotencyKey, () =>
      form.setBusy(true, 'Forbindelsen svigtede. Vi prøver igen – du bliver kun tilmeldt én gang …'),
    );
    this.sending = false;
    form.setBusy(false);
    if (outcome.ok) {
      this.memory = remember(this.course.id, {
        idempotencyKey,
        receipt: { receipt: outcome.receipt, body: input },
      });
      this.showReceipt(true);
      return;
    }
    // Refused: nothing was registered, so the same key may carry the corrected form.
    this.memory = remember(this.course.id, { idempotencyKey });
    const { error } = outcome;
    form.showProblems(error.fields, formMessages[error.code] ?? error.message, true);
  }

  private showReceipt(moveFocus: boolean): void {
    const stored = this.memory.receipt;
    if (!stored) return;
    const view = receiptView(this.course, stored.receipt, stored.body as RegistrationInput, () => {
      this.memory = forget(this.course.id);
      this.showForm();
      window.scrollTo(0, 0);
    });
    app.replaceChildren(view);
    window.scrollTo(0, 0);
    if (moveFocus) view.focus();
  }
}

function problemsOf(body: unknown, course: CourseView) {
  try {
    parseRegistration(body, course);
    return [];
  } catch (error) {
    return error instanceof ValidationError ? error.fields : [];
  }
}

async function main(): Promise<void> {
  let config: SiteConfig;
  try {
    config = await loadSiteConfig();
  } catch {
    return showMessage('Siden kunne ikke indlæses', 'Prøv at genindlæse siden om lidt.');
  }
  const courseId = courseIdFromLocation(config, location.search);
  if (!courseId) return showMessage('Intet kursus valgt', 'Brug linket til kurset fra invitationen.');
  let loaded: Awaited<ReturnType<typeof fetchCourse>>;
  try {
    loaded = await fetchCourse(config, courseId);
  } catch {
    return showMessage('Kurset kunne ikke hentes', 'Tjek forbindelsen, og genindlæs siden.');
  }
  if (!loaded.ok) return showMessage('Kurset kunne ikke hentes', loaded.error.message);
  document.title = `Tilmelding: ${loaded.course.title}`;
  new SignupPage(config, loaded.course).start();
}

void main();
