// Shows a course's facts from the public API (GET /courses/{id}); ?course=<id> picks another course.
const courseId = new URLSearchParams(location.search).get('course') ?? 'samskabelse-2016';
const main = document.getElementById('course');

function element(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

try {
  const response = await fetch(`/courses/${encodeURIComponent(courseId)}`);
  const body = await response.json();
  if (!response.ok) throw new Error(body.error?.message ?? 'Kurset kunne ikke hentes.');
  main.replaceChildren(
    element('h1', body.title),
    element('p', body.targetGroup),
    element(
      'p',
      body.signupOpen
        ? `Tilmelding er åben til og med ${body.signup.deadlineText}.`
        : `Tilmeldingen lukkede ${body.signup.deadlineText}.`,
      body.signupOpen ? 'status' : 'status closed',
    ),
    element('h2', 'Program'),
  );
  const programme = element('dl');
  for (const session of body.sessions) {
    programme.append(element('dt', `${session.title}: ${session.whenText}`), element('dd', session.place));
  }
  main.append(
    programme,
    element('h2', 'Pris'),
    element(
      'p',
      `${body.prices.packageFeeText} pr. bibliotek for op til ${body.prices.participantsPerPackage} deltagere (inkl. bog), ` +
        `plus forplejning ${body.prices.cateringPerParticipantText} pr. deltager.`,
    ),
    element(
      'p',
      `Sted: ${body.venue.name}, ${body.venue.street}, ${body.venue.postalCode} ${body.venue.city}`,
    ),
  );
} catch (error) {
  main.replaceChildren(element('p', error.message, 'status closed'));
}
