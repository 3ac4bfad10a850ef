import { detectEscalation, detectFrustration, detectPersonRequest } from '../core/escalation';

describe('a customer who asks for a person is always handed off', () => {
  const requests: [string, string][] = [
    ['English', 'I want to talk to a human'],
    ['English, "real person"', 'can I speak to a real person please'],
    ['English, "agent"', 'agent'],
    ['English, "operator"', 'operator!'],
    ['English, "customer service"', 'customer service'],
    ['English, "representative"', 'get me a representative'],
    ['English, typo', 'i need to speek to an agnet'],
    ['English, typo in "someone"', "I don't know what I have to do to contact somneone"],
    ['Spanish', 'quiero hablar con una persona'],
    ['Spanish, agent', 'necesito un agente humano'],
    ['French', "je veux parler à un conseiller"],
    ['French, human', 'je voudrais parler a un humain'],
    ['German', 'Ich möchte mit einem Mitarbeiter sprechen'],
    ['German, customer service', 'Kundenservice bitte'],
    ['Portuguese', 'quero falar com um atendente'],
    ['Italian', 'vorrei parlare con un operatore'],
    ['Dutch', 'ik wil met een medewerker spreken'],
    ['Swedish', 'jag vill prata med en människa'],
    ['Chinese', '我要转人工'],
    ['Chinese, customer service', '请帮我找客服'],
    ['Russian', 'соедините с оператором'],
    ['Russian, live person', 'хочу поговорить с живым человеком'],
  ];
  test.each(requests)('%s: "%s"', (_language, text) => {
    expect(detectPersonRequest(text)).toMatchObject({ reason: 'asked_for_person' });
  });

  test('the evidence says what fired, for staff and logs', () => {
    expect(detectPersonRequest('can I speak to a real person please')?.evidence).toBe('real person');
  });
});

describe('questions that merely mention people are not requests for a person', () => {
  test.each([
    'I want to change my personal details',
    'I think someone used my card',
    'Can anyone see my PIN?',
    'How do I add a person to my account as a beneficiary of a transfer',
    'what is the exchange rate',
  ])('"%s"', (text) => {
    expect(detectPersonRequest(text)).toBeUndefined();
  });
});

describe('frustration goes to a person', () => {
  test.each([
    ['angry words', 'this is useless'],
    ['not helpful', "you're not helpful at all"],
    ['shouting in capitals', 'WHY HAS MY REFUND NOT ARRIVED YET'],
    ['a burst of ?!', 'where is my money?!?!'],
    ['swearing', 'wtf is going on with my card'],
    ['Spanish', 'esto es inútil'],
    ['Russian', 'это бесполезно'],
  ])('%s: "%s"', (_kind, text) => {
    expect(detectFrustration(text)).toMatchObject({ reason: 'frustration' });
  });

  test.each(['Where is my refund?', 'My ATM PIN is blocked', 'Is there a fee?', 'OK'])('calm message "%s" is not frustration', (text) => {
    expect(detectFrustration(text)).toBeUndefined();
  });

  test('a request for a person wins over frustration, so staff see the clearer reason', () => {
    expect(detectEscalation("you aren't helpful, how to talk with a live agent?")?.reason).toBe('asked_for_person');
  });
});
